/* Module declaration (stands for sys/sys/module.h). */
#ifndef _SYS_MODULE_H_
#define _SYS_MODULE_H_

#include <sys/param.h>
#include <sys/kernel.h>
#include <sys/linker_set.h>

typedef enum modeventtype {
	MOD_LOAD,
	MOD_UNLOAD,
	MOD_SHUTDOWN,
	MOD_QUIESCE
} modeventtype_t;

typedef struct module *module_t;
typedef int (*modeventhand_t)(module_t, int, void *);

typedef struct moduledata {
	const char	*name;
	modeventhand_t	evhand;
	void		*priv;
} moduledata_t;
_Static_assert(sizeof(moduledata_t) == 24, "sys/module.h: moduledata_t");
_Static_assert(__offsetof(moduledata_t, evhand) == 8, "moduledata.evhand");
_Static_assert(__offsetof(moduledata_t, priv) == 16, "moduledata.priv");

struct mod_depend {
	int	md_ver_minimum;
	int	md_ver_preferred;
	int	md_ver_maximum;
};
_Static_assert(sizeof(struct mod_depend) == 12, "sys/module.h: mod_depend");

struct mod_version {
	int	mv_version;
};
_Static_assert(sizeof(struct mod_version) == 4, "sys/module.h: mod_version");

#define	MDT_DEPEND		1
#define	MDT_MODULE		2
#define	MDT_VERSION		3
#define	MDT_STRUCT_VERSION	1

struct mod_metadata {
	int		md_version;
	int		md_type;
	const void	*md_data;
	const char	*md_cval;
};
_Static_assert(sizeof(struct mod_metadata) == 24, "sys/module.h: mod_metadata");
_Static_assert(__offsetof(struct mod_metadata, md_type) == 4, "md_type");
_Static_assert(__offsetof(struct mod_metadata, md_data) == 8, "md_data");
_Static_assert(__offsetof(struct mod_metadata, md_cval) == 16, "md_cval");

/* One entry of the modmetadata_set linker set. */
#define	MODULE_METADATA(uniq, type, data, cval)				\
	static struct mod_metadata _mod_metadata##uniq = {		\
		MDT_STRUCT_VERSION, (type), (data), (cval)		\
	};								\
	DATA_SET(modmetadata_set, _mod_metadata##uniq)

#define	MODULE_DEPEND(module, mdepend, vmin, vpref, vmax)		\
	static struct mod_depend _##module##_depend_on_##mdepend	\
	    __section(".data") = { (vmin), (vpref), (vmax) };		\
	MODULE_METADATA(_md_##module##_on_##mdepend, MDT_DEPEND,	\
	    &_##module##_depend_on_##mdepend, #mdepend)

#define	MODULE_VERSION(module, version)					\
	static struct mod_version _##module##_version			\
	    __section(".data") = { (version) };				\
	MODULE_METADATA(_##module##_version, MDT_VERSION,		\
	    &_##module##_version, __XSTRING(module))

/* Any 15.x kernel from the one built against up to 15.99999. */
#define	MODULE_KERNEL_MAXVER	(roundup(__FreeBSD_version, 100000) - 1)

void	module_register_init(const void *data);

#define	DECLARE_MODULE(name, data, sub, order)				\
	MODULE_DEPEND(name, kernel, __FreeBSD_version,			\
	    __FreeBSD_version, MODULE_KERNEL_MAXVER);			\
	MODULE_METADATA(_md_##name, MDT_MODULE, &data, __XSTRING(name)); \
	SYSINIT(name##module, sub, order, module_register_init, &data); \
	struct __hack

#endif /* !_SYS_MODULE_H_ */
