b { a }
