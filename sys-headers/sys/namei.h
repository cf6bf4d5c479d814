/* Path lookup (stands for sys/sys/namei.h). */
#ifndef _SYS_NAMEI_H_
#define _SYS_NAMEI_H_

#include <sys/types.h>
#include <sys/uio.h>
#include <sys/capsicum.h>
#include <sys/filedesc.h>
#include <vm/uma.h>

struct vnode;
struct ucred;
struct mount;

enum nameiop { LOOKUP, CREATE, DELETE, RENAME };

#define	LOCKLEAF	0x0004
#define	MAKEENTRY	0x04000000
#define	ISLASTCN	0x10000000
#define	ISDOTDOT	0x20000000
#define	FOLLOW		0x0040
#define	AUDITVNODE1	0x00040000
/* Marks the componentname as embedded in a nameidata. */
#define	NAMEILOOKUP	0x200000000ULL

#define	AT_FDCWD	-100

struct componentname {
	uint64_t	cn_flags;
	struct ucred	*cn_cred;
	enum nameiop	cn_nameiop;
	int		cn_lkflags;
	char		*cn_pnbuf;	/* path buffer from namei_zone */
	char		*cn_nameptr;
	long		cn_namelen;
};
_Static_assert(sizeof(struct componentname) == 48,
    "sys/namei.h: struct componentname");
_Static_assert(__offsetof(struct componentname, cn_nameiop) == 16,
    "cn_nameiop");
_Static_assert(__offsetof(struct componentname, cn_pnbuf) == 24, "cn_pnbuf");

struct nameidata {
	const char		*ni_dirp;
	enum uio_seg		ni_segflg;
	const cap_rights_t	*ni_rightsneeded;
	struct vnode		*ni_startdir;
	uint32_t		_pad0[4];
	int			ni_dirfd;
	uint32_t		_pad1[1];
	struct filecaps		ni_filecaps;
	struct vnode		*ni_vp;		/* the result */
	uint32_t		_pad2[2];
	u_int			ni_resflags;
	u_short			ni_debugflags;	/* API-use checks, see NDINIT */
	u_short			_pad3a;
	uint32_t		_pad3[4];
	struct componentname	ni_cnd;
	struct {				/* TAILQ_HEAD */
		void	*tqh_first;
		void	**tqh_last;
	} ni_cap_tracker;
	struct vnode		*ni_rbeneath_dpp;
	struct mount		*ni_nctrack_mnt;
	uint32_t		_pad4[2];
};
_Static_assert(sizeof(struct nameidata) == 216, "sys/namei.h: nameidata");
_Static_assert(__offsetof(struct nameidata, ni_segflg) == 8, "ni_segflg");
_Static_assert(__offsetof(struct nameidata, ni_rightsneeded) == 16,
    "ni_rightsneeded");
_Static_assert(__offsetof(struct nameidata, ni_startdir) == 24, "ni_startdir");
_Static_assert(__offsetof(struct nameidata, ni_dirfd) == 48, "ni_dirfd");
_Static_assert(__offsetof(struct nameidata, ni_filecaps) == 56,
    "ni_filecaps");
_Static_assert(__offsetof(struct nameidata, ni_vp) == 88, "ni_vp");
_Static_assert(__offsetof(struct nameidata, ni_resflags) == 104,
    "ni_resflags");
_Static_assert(__offsetof(struct nameidata, ni_debugflags) == 108,
    "ni_debugflags");
_Static_assert(__offsetof(struct nameidata, ni_cnd) == 128, "ni_cnd");
_Static_assert(__offsetof(struct nameidata, ni_cap_tracker) == 176,
    "ni_cap_tracker");
_Static_assert(__offsetof(struct nameidata, ni_rbeneath_dpp) == 192,
    "ni_rbeneath_dpp");
_Static_assert(__offsetof(struct nameidata, ni_nctrack_mnt) == 200,
    "ni_nctrack_mnt");

extern uma_zone_t namei_zone;

int	namei(struct nameidata *ndp);

/* namei's record that NDINIT ran; kernels built with INVARIANTS assert
 * it, and a module not tied to one kernel build always sets it. */
#define	NAMEI_DBG_INITED	0x0001

/* What namei expects to find set before a lookup from the current
 * directory (the rest it fills in itself). */
#define	NDINIT(ndp, op, flags, segflg, namep) do {			\
	struct nameidata *_rjail_ndp = (ndp);				\
									\
	_rjail_ndp->ni_cnd.cn_nameiop = (op);				\
	_rjail_ndp->ni_cnd.cn_flags = (flags) | NAMEILOOKUP;		\
	_rjail_ndp->ni_segflg = (segflg);				\
	_rjail_ndp->ni_dirp = (namep);					\
	_rjail_ndp->ni_dirfd = AT_FDCWD;				\
	_rjail_ndp->ni_startdir = NULL;					\
	_rjail_ndp->ni_debugflags = NAMEI_DBG_INITED;			\
	_rjail_ndp->ni_resflags = 0;					\
	filecaps_init(&_rjail_ndp->ni_filecaps);			\
	_rjail_ndp->ni_rightsneeded = &cap_no_rights;			\
	_rjail_ndp->ni_rbeneath_dpp = NULL;				\
	_rjail_ndp->ni_nctrack_mnt = NULL;				\
	_rjail_ndp->ni_cap_tracker.tqh_first = NULL;			\
	_rjail_ndp->ni_cap_tracker.tqh_last =				\
	    &_rjail_ndp->ni_cap_tracker.tqh_first;			\
} while (0)

/* Gives the path buffer namei allocated back to its zone. */
#define	NDFREE_PNBUF(ndp) do {						\
	struct nameidata *_rjail_ndp = (ndp);				\
									\
	uma_zfree(namei_zone, _rjail_ndp->ni_cnd.cn_pnbuf);		\
	_rjail_ndp->ni_cnd.cn_pnbuf = NULL;				\
} while (0)

#endif /* !_SYS_NAMEI_H_ */
