/*
 * A 32-bit (i386) FreeBSD program for the kernel suite: statfs("/") through
 * the 32-bit system call table (COMPAT_FREEBSD32), then exit with the errno
 * (0 on success). The suite runs it inside prisons to check that a 32-bit
 * program cannot reach the calls rjail confines only in the native table.
 *
 * i386 FreeBSD system calls: number in %eax, arguments on the stack above
 * a return-address slot, `int $0x80`; the carry flag marks an error, with
 * the errno in %eax (sys/i386/i386/trap.c, cpu_fetch_syscall_args).
 */
	.set	SYS_exit, 1
	.set	SYS_statfs, 555

	.text
	.globl	_start
_start:
	pushl	$statfs_buf
	pushl	$root_path
	pushl	$0			/* the return-address slot */
	movl	$SYS_statfs, %eax
	int	$0x80
	jc	1f
	xorl	%eax, %eax
1:
	pushl	%eax			/* exit status: the errno, or 0 */
	pushl	$0
	movl	$SYS_exit, %eax
	int	$0x80
	hlt

	.section .rodata
root_path:
	.asciz	"/"

	.bss
	.balign	8
statfs_buf:
	.space	4096			/* a struct statfs is 2344 bytes */
