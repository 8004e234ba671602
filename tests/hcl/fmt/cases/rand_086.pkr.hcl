      a  =(  [{
} ]) // t
     ü =  (
/* b */   (42  ? "-"  : null )  )	+{for k,  v in  in:k=>!  concat( "\n" )}
   
