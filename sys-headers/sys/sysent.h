/* System call table entries and their modules (stands for
 * sys/sys/sysent.h). */
#ifndef _SYS_SYSENT_H_
#define _SYS_SYSENT_H_

#include <sys/types.h>
#include <sys/module.h>

struct thread;
struct module;

typedef int sy_call_t(struct thread *, void *);

struct sysent {
	sy_call_t	*sy_call;
	void		*sy_systrace_args_func;
	uint8_t		sy_narg;	/* arguments, in register_t */
	uint8_t		sy_flags;
	au_event_t	sy_auevent;
	uint32_t	sy_entry;
	uint32_t	sy_return;
	uint32_t	sy_thrcnt;	/* the kernel's, for draining */
};
_Static_assert(sizeof(struct sysent) == 32, "sys/sysent.h: struct sysent");
_Static_assert(__offsetof(struct sysent, sy_narg) == 16, "sy_narg");
_Static_assert(__offsetof(struct sysent, sy_flags) == 17, "sy_flags");
_Static_assert(__offsetof(struct sysent, sy_auevent) == 18, "sy_auevent");
_Static_assert(__offsetof(struct sysent, sy_entry) == 20, "sy_entry");
_Static_assert(__offsetof(struct sysent, sy_return) == 24, "sy_return");
_Static_assert(__offsetof(struct sysent, sy_thrcnt) == 28, "sy_thrcnt");

/* The system call table of native (ELF64) processes. */
extern struct sysent sysent[];
/*
 * The table of 32-bit (i386) programs, present only in kernels built with
 * COMPAT_FREEBSD32 (sys/compat/freebsd32/freebsd32_sysent.c); weak, so a
 * module referring to it still loads without it (the kld linker resolves a
 * missing weak symbol to 0, sys/kern/link_elf_obj.c).
 */
extern struct sysent freebsd32_sysent[] __attribute__((__weak__));

/*
 * sy_thrcnt: SY_THR_STATIC entries are called without counting; the others
 * count the threads inside in units of SY_THR_INCR (kern_syscalls.c).
 */
#define	SY_THR_STATIC	0x01
#define	SY_THR_DRAINING	0x02
#define	SY_THR_ABSENT	0x04
#define	SY_THR_INCR	0x08

/* Let the kernel pick a free slot. */
#define	NO_SYSCALL	(-1)

struct syscall_module_data {
	int		(*chainevh)(struct module *, int, void *);
	void		*chainarg;
	int		*offset;	/* in: wanted slot; out: slot used */
	struct sysent	*new_sysent;
	struct sysent	old_sysent;
	int		flags;
};
_Static_assert(sizeof(struct syscall_module_data) == 72,
    "sys/sysent.h: syscall_module_data");
_Static_assert(__offsetof(struct syscall_module_data, chainarg) == 8,
    "chainarg");
_Static_assert(__offsetof(struct syscall_module_data, offset) == 16,
    "offset");
_Static_assert(__offsetof(struct syscall_module_data, new_sysent) == 24,
    "new_sysent");
_Static_assert(__offsetof(struct syscall_module_data, old_sysent) == 32,
    "old_sysent");
_Static_assert(__offsetof(struct syscall_module_data, flags) == 64, "flags");

int	syscall_module_handler(struct module *mod, int what, void *arg);

/* A module "sys/<name>" that installs new_sysent when it loads. */
#define	SYSCALL_MODULE(name, offset, new_sysent, evh, arg)		\
	static struct syscall_module_data name##_syscall_mod = {	\
		(evh), (arg), (offset), (new_sysent), { 0 }, 0		\
	};								\
	static moduledata_t name##_mod = {				\
		"sys/" #name,						\
		syscall_module_handler,					\
		&name##_syscall_mod					\
	};								\
	DECLARE_MODULE(name, name##_mod, SI_SUB_SYSCALLS, SI_ORDER_MIDDLE)

#endif /* !_SYS_SYSENT_H_ */
