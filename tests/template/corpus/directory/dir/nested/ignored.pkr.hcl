this is not even HCL {{{
