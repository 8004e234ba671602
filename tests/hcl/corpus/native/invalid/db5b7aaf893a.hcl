a = a;
