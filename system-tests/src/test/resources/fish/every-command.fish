# Every command of the shell once, in order; each line's JSON result is checked by ShellSystemTest.
help
help caps retype
cores
ps
caps
caps retype ram frame 0 4K 4 f
caps identify f2
caps mint f1 ro RI
caps identify ro
caps copy f3 f3copy
caps copy f1 f1 to 1
map f0 0x40000000
poke 0x40000008 0x1234abcd
peek 0x40000008
unmap 0x40000000
caps revoke f3
caps delete f2
caps
mem
skb core(C, P, _, N)
skb facts
skb facts core
skb tree 0 numa
ping 1 200
on 1 caps
on 1 ping 0 100
caps retype f1 frame 0 4K 1 h
caps copy f0 f0 to 1
on 1 caps delete f0
caps revoke f1
on 1 caps
chan
top --count 1
spawn hold 0 stay span
ps
halt
