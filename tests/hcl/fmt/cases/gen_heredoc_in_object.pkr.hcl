a = {
user_data = <<EOF
#!/bin/bash
echo hi
EOF
other = 1
}
