# hash
// slashes
/* block */
/* multi
   line
 block */
a = 1
