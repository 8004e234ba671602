/*
 * Kiln's KVM probe (kiln/builders/qemu/accelerator.py embeds the assembled bytes).
 *
 * A boot sector that does what every x86-64 kernel does in its first
 * instructions: enter long mode through paging, install an IDT, take an
 * exception (int3) and return from it; then it asks qemu to exit through
 * the isa-debug-exit device (port 0xf4, value 0x10: qemu's exit status 33).
 * A KVM that cannot deliver an exception to an ordinary guest (a
 * paravirtual nested hypervisor such as kvm-pvm) stops or hangs here.
 *
 * Rebuild:
 *   as --32 -o probe.o kvm_probe.S
 *   ld -m elf_i386 -Ttext=0 --oformat=binary -o probe.bin probe.o
 */
.code16
.globl _start
_start:
    cli
    xorw %ax, %ax
    movw %ax, %ds
    movw %ax, %es
    movw %ax, %ss
    movw $0x7c00, %sp
    movw $0x1000, %di
    movw $0x0c00, %cx
    xorl %eax, %eax
    cld
    rep stosl
    movl $0x2003, 0x1000
    movl $0x3003, 0x2000
    movl $0x0083, 0x3000
    movl %cr4, %eax
    orl $0x20, %eax
    movl %eax, %cr4
    movl $0x1000, %eax
    movl %eax, %cr3
    movl $0xc0000080, %ecx
    rdmsr
    orl $0x100, %eax
    wrmsr
    movl %cr0, %eax
    orl $0x80000001, %eax
    movl %eax, %cr0
    lgdtl gdtr - _start + 0x7c00
    ljmpl $0x08, $(long_mode - _start + 0x7c00)
.code64
long_mode:
    /* IDT entry 3 (breakpoint) at 0x4000 + 3*16, pointing at the handler */
    movq $(handler - _start + 0x7c00), %rax
    movw %ax, 0x4030
    movw $0x08, 0x4032
    movw $0x8e00, 0x4034
    shrq $16, %rax
    movw %ax, 0x4036
    movl $0, 0x4038
    movl $0, 0x403c
    lidt idtr - _start + 0x7c00
    movq $0x8000, %rsp
    int3
    /* back from the handler: exit with 0x10 */
    movb $0x10, %al
    outb %al, $0xf4
1:  hlt
    jmp 1b
handler:
    iretq
.align 8
gdt:
    .quad 0
    .quad 0x00209a0000000000
gdtr:
    .word 15
    .long gdt - _start + 0x7c00
idtr:
    .word 255
    .quad 0x4000
.org 510
    .word 0xaa55
