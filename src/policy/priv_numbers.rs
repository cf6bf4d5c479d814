//! Privilege numbers of FreeBSD 15.0 (`sys/sys/priv.h`), the values
//! priv_check(9) and the MAC `priv_check` hook receive.
//!
//! The names are FreeBSD's without the `PRIV_` prefix, so `PRIV_JAIL_SET`
//! is [`JAIL_SET`]. The numbers are ABI: they must stay those of the kernel
//! the module loads into.

/// One below the smallest privilege number (`_PRIV_LOWEST`).
const LOWEST: i32 = 1;
/// One above the largest privilege number (`_PRIV_HIGHEST`).
const HIGHEST: i32 = 703;

/// Whether `privilege` is a number priv_check(9) accepts (`PRIV_VALID`).
pub const fn is_valid(privilege: i32) -> bool {
    privilege > LOWEST && privilege < HIGHEST
}

/// Switch process accounting on or off.
pub const ACCT: i32 = 2;
/// Open files beyond the system-wide limit (judged on the real uid).
pub const MAXFILES: i32 = 3;
/// Create processes beyond the system-wide limit (judged on the real uid).
pub const MAXPROC: i32 = 4;
/// Trace a process with ktrace(2) beyond the ordinary rules.
pub const KTRACE: i32 = 5;
/// Choose the kernel crash dump device.
pub const SETDUMPER: i32 = 6;
/// Reboot or halt the machine.
pub const REBOOT: i32 = 8;
/// Add a swap device.
pub const SWAPON: i32 = 9;
/// Remove a swap device.
pub const SWAPOFF: i32 = 10;
/// Read the kernel message buffer.
pub const MSGBUF: i32 = 11;
/// Raise the I/O privilege level (direct port access).
pub const IO: i32 = 12;
/// Reprogram the console keyboard.
pub const KEYBOARD: i32 = 13;
/// Use device-driver ioctls reserved to the administrator.
pub const DRIVER: i32 = 14;
/// Slew the system clock with adjtime(2).
pub const ADJTIME: i32 = 15;
/// Discipline the clock through ntp_adjtime(2).
pub const NTP_ADJTIME: i32 = 16;
/// Step a clock with clock_settime(2).
pub const CLOCK_SETTIME: i32 = 17;
/// Step the clock with settimeofday(2).
pub const SETTIMEOFDAY: i32 = 18;
/// Configure the audit subsystem.
pub const AUDIT_CONTROL: i32 = 40;
/// Go on running while audit storage is exhausted.
pub const AUDIT_FAILSTOP: i32 = 41;
/// Read a process's audit identity.
pub const AUDIT_GETAUDIT: i32 = 42;
/// Change a process's audit identity.
pub const AUDIT_SETAUDIT: i32 = 43;
/// Hand a record to the audit trail.
pub const AUDIT_SUBMIT: i32 = 44;
/// setuid(2) to any uid.
pub const CRED_SETUID: i32 = 50;
/// seteuid(2) to any uid.
pub const CRED_SETEUID: i32 = 51;
/// setgid(2) to any gid.
pub const CRED_SETGID: i32 = 52;
/// setegid(2) to any gid.
pub const CRED_SETEGID: i32 = 53;
/// Replace the supplementary group list.
pub const CRED_SETGROUPS: i32 = 54;
/// setreuid(2) beyond the ordinary swaps.
pub const CRED_SETREUID: i32 = 55;
/// setregid(2) beyond the ordinary swaps.
pub const CRED_SETREGID: i32 = 56;
/// setresuid(2) beyond the ordinary swaps.
pub const CRED_SETRESUID: i32 = 57;
/// setresgid(2) beyond the ordinary swaps.
pub const CRED_SETRESGID: i32 = 58;
/// See subjects of other groups when security.bsd.see_other_gids is off.
pub const SEEOTHERGIDS: i32 = 59;
/// See subjects of other users when security.bsd.see_other_uids is off.
pub const SEEOTHERUIDS: i32 = 60;
/// See subjects of other jails when security.bsd.see_jail_proc is off.
pub const SEEJAILPROC: i32 = 61;
/// Install a whole credential at once (setcred(2)).
pub const CRED_SETCRED: i32 = 62;
/// Debug a process whose credential is not a subset of ours.
pub const DEBUG_DIFFCRED: i32 = 80;
/// Debug a process that changed credentials since its last exec.
pub const DEBUG_SUGID: i32 = 81;
/// Use the debugging facilities at all (granted to everyone while allow.unprivileged_proc_debug holds).
pub const DEBUG_UNPRIV: i32 = 82;
/// Debug a process that asked not to be traced.
pub const DEBUG_DENIED: i32 = 83;
/// Debug a process of a descendant jail.
pub const DEBUG_DIFFJAIL: i32 = 84;
/// Use DTrace's kernel providers.
pub const DTRACE_KERNEL: i32 = 90;
/// Use DTrace on processes.
pub const DTRACE_PROC: i32 = 91;
/// Use DTrace's user-level providers.
pub const DTRACE_USER: i32 = 92;
/// Load firmware images.
pub const FIRMWARE_LOAD: i32 = 100;
/// Move a process into a jail (jail_attach(2)).
pub const JAIL_ATTACH: i32 = 110;
/// Create or change a jail (jail(2), jail_set(2)).
pub const JAIL_SET: i32 = 111;
/// Remove a jail (jail_remove(2)).
pub const JAIL_REMOVE: i32 = 112;
/// Set a kernel environment variable.
pub const KENV_SET: i32 = 120;
/// Unset a kernel environment variable.
pub const KENV_UNSET: i32 = 121;
/// Load a kernel module.
pub const KLD_LOAD: i32 = 130;
/// Unload a kernel module.
pub const KLD_UNLOAD: i32 = 131;
/// Change the mac_partition label.
pub const MAC_PARTITION: i32 = 140;
/// Change the mac_privs label.
pub const MAC_PRIVS: i32 = 141;
/// Exceed a per-process resource limit (judged on the real uid).
pub const PROC_LIMIT: i32 = 160;
/// Set the session's login name.
pub const PROC_SETLOGIN: i32 = 161;
/// Raise a hard resource limit.
pub const PROC_SETRLIMIT: i32 = 162;
/// Set the process's login class.
pub const PROC_SETLOGINCLASS: i32 = 163;
/// Read a System V IPC object despite its mode.
pub const IPC_READ: i32 = 170;
/// Write a System V IPC object despite its mode.
pub const IPC_WRITE: i32 = 171;
/// Administer a System V IPC object one does not own.
pub const IPC_ADMIN: i32 = 172;
/// Raise a message queue's size beyond the default.
pub const IPC_MSGSIZE: i32 = 173;
/// Administer POSIX message queues one does not own.
pub const MQ_ADMIN: i32 = 180;
/// Manage hardware performance counters.
pub const PMC_MANAGE: i32 = 190;
/// Allocate system-wide hardware performance counters.
pub const PMC_SYSTEM: i32 = 191;
/// Change the scheduling of a process of another user.
pub const SCHED_DIFFCRED: i32 = 200;
/// Lower a nice value (raise priority).
pub const SCHED_SETPRIORITY: i32 = 201;
/// Use real-time priorities.
pub const SCHED_RTPRIO: i32 = 202;
/// Change a scheduling policy.
pub const SCHED_SETPOLICY: i32 = 203;
/// Change scheduling parameters with sched_set*(2).
pub const SCHED_SET: i32 = 204;
/// Change scheduling parameters with sched_setparam(2).
pub const SCHED_SETPARAM: i32 = 205;
/// Change a CPU set.
pub const SCHED_CPUSET: i32 = 206;
/// Bind interrupts to CPUs.
pub const SCHED_CPUSET_INTR: i32 = 207;
/// Use idle priorities.
pub const SCHED_IDPRIO: i32 = 208;
/// Change the scheduling of a process of a descendant jail.
pub const SCHED_DIFFJAIL: i32 = 209;
/// Write a POSIX semaphore despite its mode.
pub const SEM_WRITE: i32 = 220;
/// Signal a process of another user.
pub const SIGNAL_DIFFCRED: i32 = 230;
/// Send any signal to a process that changed credentials.
pub const SIGNAL_SUGID: i32 = 231;
/// Signal a process of a descendant jail.
pub const SIGNAL_DIFFJAIL: i32 = 232;
/// Use the debug.* sysctl tree's privileged nodes.
pub const SYSCTL_DEBUG: i32 = 240;
/// Write a sysctl.
pub const SYSCTL_WRITE: i32 = 241;
/// Write a sysctl that jails may write.
pub const SYSCTL_WRITEJAIL: i32 = 242;
/// Skip the sysctl memory-locking limit.
pub const SYSCTL_MEMLOCK: i32 = 243;
/// Redirect the console.
pub const TTY_CONSOLE: i32 = 250;
/// Change a terminal's drain wait.
pub const TTY_DRAINWAIT: i32 = 251;
/// Change a terminal's DTR wait.
pub const TTY_DTRWAIT: i32 = 252;
/// Open a terminal in exclusive use.
pub const TTY_EXCLUSIVE: i32 = 253;
/// Push input into a terminal (TIOCSTI).
pub const TTY_STI: i32 = 255;
/// Change a terminal's locked attributes.
pub const TTY_SETA: i32 = 256;
/// Control UFS1 extended attributes.
pub const UFS_EXTATTRCTL: i32 = 270;
/// Switch UFS quotas off.
pub const UFS_QUOTAOFF: i32 = 271;
/// Switch UFS quotas on.
pub const UFS_QUOTAON: i32 = 272;
/// Set a UFS quota's usage figures.
pub const UFS_SETUSE: i32 = 273;
/// Configure ZFS pools.
pub const ZFS_POOL_CONFIG: i32 = 280;
/// Inject ZFS faults.
pub const ZFS_INJECT: i32 = 281;
/// Attach a ZFS dataset to a jail.
pub const ZFS_JAIL: i32 = 282;
/// Run the NFS server.
pub const NFS_DAEMON: i32 = 290;
/// Run the NFS lock manager.
pub const NFS_LOCKD: i32 = 291;
/// Read a file despite its mode.
pub const VFS_READ: i32 = 310;
/// Write a file despite its mode.
pub const VFS_WRITE: i32 = 311;
/// Change a file's attributes despite owning it not.
pub const VFS_ADMIN: i32 = 312;
/// Execute a file despite its mode.
pub const VFS_EXEC: i32 = 313;
/// Search a directory despite its mode (checked on its own path in priv_check_cred).
pub const VFS_LOOKUP: i32 = 314;
/// Use the file system's reserved blocks.
pub const VFS_BLOCKRESERVE: i32 = 315;
/// Change flags on a device node.
pub const VFS_CHFLAGS_DEV: i32 = 316;
/// Give a file away to another owner.
pub const VFS_CHOWN: i32 = 317;
/// chroot(2).
pub const VFS_CHROOT: i32 = 318;
/// Keep set-id bits while writing a file.
pub const VFS_RETAINSUGID: i32 = 319;
/// Go over a quota.
pub const VFS_EXCEEDQUOTA: i32 = 320;
/// Manage extended attributes in the system namespace.
pub const VFS_EXTATTR_SYSTEM: i32 = 321;
/// Change root through a directory descriptor.
pub const VFS_FCHROOT: i32 = 322;
/// Open a file by file handle.
pub const VFS_FHOPEN: i32 = 323;
/// stat a file by file handle.
pub const VFS_FHSTAT: i32 = 324;
/// statfs a file system by file handle.
pub const VFS_FHSTATFS: i32 = 325;
/// Read a file's generation number (checked on its own path in priv_check_cred).
pub const VFS_GENERATION: i32 = 326;
/// Get a file handle.
pub const VFS_GETFH: i32 = 327;
/// Read another user's quota.
pub const VFS_GETQUOTA: i32 = 328;
/// Hard-link a file one does not own.
pub const VFS_LINK: i32 = 329;
/// Create a bad-block node.
pub const VFS_MKNOD_BAD: i32 = 330;
/// Create a device node.
pub const VFS_MKNOD_DEV: i32 = 331;
/// Create a whiteout.
pub const VFS_MKNOD_WHT: i32 = 332;
/// Mount a file system.
pub const VFS_MOUNT: i32 = 333;
/// Act as the owner of any mount.
pub const VFS_MOUNT_OWNER: i32 = 334;
/// Export a file system.
pub const VFS_MOUNT_EXPORTED: i32 = 335;
/// Mount despite the mount point's permissions.
pub const VFS_MOUNT_PERM: i32 = 336;
/// Use the suiddir mount option.
pub const VFS_MOUNT_SUIDDIR: i32 = 337;
/// Use mount options users may not.
pub const VFS_MOUNT_NONUSER: i32 = 338;
/// Set the set-gid bit on a file of another group.
pub const VFS_SETGID: i32 = 339;
/// Set a quota.
pub const VFS_SETQUOTA: i32 = 340;
/// Give a file the sticky bit.
pub const VFS_STICKYFILE: i32 = 341;
/// Change system file flags (schg, sappnd, ...).
pub const VFS_SYSFLAGS: i32 = 342;
/// Unmount a file system.
pub const VFS_UNMOUNT: i32 = 343;
/// stat a file despite the directory permissions above it.
pub const VFS_STAT: i32 = 344;
/// Read a directory's raw contents with read(2).
pub const VFS_READ_DIR: i32 = 345;
/// Exempt a process from the out-of-memory killer.
pub const VM_MADV_PROTECT: i32 = 360;
/// Wire pages in memory.
pub const VM_MLOCK: i32 = 361;
/// Unwire pages.
pub const VM_MUNLOCK: i32 = 362;
/// Reserve swap beyond the user's quota.
pub const VM_SWAP_NOQUOTA: i32 = 363;
/// Reserve swap beyond the swap resource limit.
pub const VM_SWAP_NORLIMIT: i32 = 364;
/// Manage devfs rules.
pub const DEVFS_RULE: i32 = 370;
/// Create symbolic links in devfs.
pub const DEVFS_SYMLINK: i32 = 371;
/// Reseed the random device.
pub const RANDOM_RESEED: i32 = 380;
/// Configure bridges.
pub const NET_BRIDGE: i32 = 390;
/// Configure GRE tunnels.
pub const NET_GRE: i32 = 391;
/// Open BPF devices in privileged modes.
pub const NET_BPF: i32 = 394;
/// Open raw link-layer sockets.
pub const NET_RAW: i32 = 395;
/// Change the routing table.
pub const NET_ROUTE: i32 = 396;
/// Open tap devices.
pub const NET_TAP: i32 = 397;
/// Set an interface's MTU.
pub const NET_SETIFMTU: i32 = 398;
/// Set an interface's flags.
pub const NET_SETIFFLAGS: i32 = 399;
/// Set an interface's capabilities.
pub const NET_SETIFCAP: i32 = 400;
/// Rename an interface.
pub const NET_SETIFNAME: i32 = 401;
/// Set an interface's metric.
pub const NET_SETIFMETRIC: i32 = 402;
/// Set an interface's physical layer.
pub const NET_SETIFPHYS: i32 = 403;
/// Change an interface's MAC label.
pub const NET_SETIFMAC: i32 = 404;
/// Join a multicast group on an interface.
pub const NET_ADDMULTI: i32 = 405;
/// Leave a multicast group on an interface.
pub const NET_DELMULTI: i32 = 406;
/// Use an interface driver's privileged ioctls.
pub const NET_HWIOCTL: i32 = 407;
/// Set an interface's link-level address.
pub const NET_SETLLADDR: i32 = 408;
/// Add an interface to a group.
pub const NET_ADDIFGROUP: i32 = 409;
/// Remove an interface from a group.
pub const NET_DELIFGROUP: i32 = 410;
/// Create a cloned interface.
pub const NET_IFCREATE: i32 = 411;
/// Destroy a cloned interface.
pub const NET_IFDESTROY: i32 = 412;
/// Add an address to an interface.
pub const NET_ADDIFADDR: i32 = 413;
/// Remove an address from an interface.
pub const NET_DELIFADDR: i32 = 414;
/// Configure link aggregation.
pub const NET_LAGG: i32 = 415;
/// Configure gif tunnels.
pub const NET_GIF: i32 = 416;
/// Move an interface into a vnet.
pub const NET_SETIFVNET: i32 = 417;
/// Set an interface's description.
pub const NET_SETIFDESCR: i32 = 418;
/// Set an interface's routing table (FIB).
pub const NET_SETIFFIB: i32 = 419;
/// Configure VXLAN interfaces.
pub const NET_VXLAN: i32 = 420;
/// Set an interface's LAN priority code point.
pub const NET_SETLANPCP: i32 = 421;
/// The older name of the LAN priority code point privilege.
pub const NET_SETVLANPCP: i32 = NET_SETLANPCP;
/// Configure OpenVPN data channel offload.
pub const NET_OVPN: i32 = 422;
/// Configure minimal encapsulation tunnels.
pub const NET_ME: i32 = 423;
/// Configure WireGuard interfaces.
pub const NET_WG: i32 = 424;
/// Read 802.11 keys.
pub const NET80211_VAP_GETKEY: i32 = 440;
/// Manage an 802.11 virtual access point.
pub const NET80211_VAP_MANAGE: i32 = 441;
/// Set an 802.11 virtual access point's MAC address.
pub const NET80211_VAP_SETMAC: i32 = 442;
/// Create an 802.11 virtual access point.
pub const NET80211_CREATE_VAP: i32 = 443;
/// Configure ATM.
pub const NETATM_CFG: i32 = 460;
/// Add ATM objects.
pub const NETATM_ADD: i32 = 461;
/// Delete ATM objects.
pub const NETATM_DEL: i32 = 462;
/// Change ATM objects.
pub const NETATM_SET: i32 = 463;
/// Open raw Bluetooth sockets.
pub const NETBLUETOOTH_RAW: i32 = 470;
/// Open netgraph control sockets.
pub const NETGRAPH_CONTROL: i32 = 480;
/// Attach the netgraph line discipline to a terminal.
pub const NETGRAPH_TTY: i32 = 481;
/// Bind a port below the reserved boundary.
pub const NETINET_RESERVEDPORT: i32 = 490;
/// Configure ipfw.
pub const NETINET_IPFW: i32 = 491;
/// Open divert sockets.
pub const NETINET_DIVERT: i32 = 492;
/// Configure pf.
pub const NETINET_PF: i32 = 493;
/// Configure dummynet.
pub const NETINET_DUMMYNET: i32 = 494;
/// Configure CARP.
pub const NETINET_CARP: i32 = 495;
/// Configure multicast routing.
pub const NETINET_MROUTE: i32 = 496;
/// Open raw IP sockets.
pub const NETINET_RAW: i32 = 497;
/// Look up the credential behind another user's connection.
pub const NETINET_GETCRED: i32 = 498;
/// Administer IPv6 addresses.
pub const NETINET_ADDRCTRL6: i32 = 499;
/// Administer IPv6 neighbour discovery.
pub const NETINET_ND6: i32 = 500;
/// Administer IPv6 scopes.
pub const NETINET_SCOPE6: i32 = 501;
/// Administer IPv6 address lifetimes.
pub const NETINET_ALIFETIME6: i32 = 502;
/// Administer IPsec.
pub const NETINET_IPSEC: i32 = 503;
/// Bind a port another user's socket holds.
pub const NETINET_REUSEPORT: i32 = 504;
/// Set privileged IP header options.
pub const NETINET_SETHDROPTS: i32 = 505;
/// Bind to an address the host does not have.
pub const NETINET_BINDANY: i32 = 506;
/// Read the connection hashing key.
pub const NETINET_HASHKEY: i32 = 507;
/// Read kernel TLS session keys.
pub const NETINET_KTLSKEYS: i32 = 508;
/// Use NCP privileged operations.
pub const NETNCP: i32 = 530;
/// Use SMB privileged operations.
pub const NETSMB: i32 = 540;
/// Call BIOS interrupts from vm86 mode.
pub const VM86_INTCALL: i32 = 550;
/// Allocate pipe buffers beyond the limit.
pub const PIPEBUF: i32 = 560;
/// Reserved for a loadable module's own use (0).
pub const MODULE0: i32 = 600;
/// Reserved for a loadable module's own use (1).
pub const MODULE1: i32 = 601;
/// Reserved for a loadable module's own use (2).
pub const MODULE2: i32 = 602;
/// Reserved for a loadable module's own use (3).
pub const MODULE3: i32 = 603;
/// Reserved for a loadable module's own use (4).
pub const MODULE4: i32 = 604;
/// Reserved for a loadable module's own use (5).
pub const MODULE5: i32 = 605;
/// Reserved for a loadable module's own use (6).
pub const MODULE6: i32 = 606;
/// Reserved for a loadable module's own use (7).
pub const MODULE7: i32 = 607;
/// Reserved for a loadable module's own use (8).
pub const MODULE8: i32 = 608;
/// Reserved for a loadable module's own use (9).
pub const MODULE9: i32 = 609;
/// Reserved for a loadable module's own use (10).
pub const MODULE10: i32 = 610;
/// Reserved for a loadable module's own use (11).
pub const MODULE11: i32 = 611;
/// Reserved for a loadable module's own use (12).
pub const MODULE12: i32 = 612;
/// Reserved for a loadable module's own use (13).
pub const MODULE13: i32 = 613;
/// Reserved for a loadable module's own use (14).
pub const MODULE14: i32 = 614;
/// Reserved for a loadable module's own use (15).
pub const MODULE15: i32 = 615;
/// Read the kernel debugger's capture buffer.
pub const DDB_CAPTURE: i32 = 620;
/// Debug the NNPFS file system.
pub const NNPFS_DEBUG: i32 = 630;
/// Write machine-specific registers through cpuctl(4).
pub const CPUCTL_WRMSR: i32 = 640;
/// Update CPU microcode through cpuctl(4).
pub const CPUCTL_UPDATE: i32 = 641;
/// Reset a CAPI controller.
pub const C4B_RESET_CTLR: i32 = 650;
/// Trace a CAPI controller.
pub const C4B_TRACE: i32 = 651;
/// Administer AFS.
pub const AFS_ADMIN: i32 = 660;
/// Run the AFS daemon.
pub const AFS_DAEMON: i32 = 661;
/// Read resource accounting figures.
pub const RCTL_GET_RACCT: i32 = 670;
/// Read resource limit rules.
pub const RCTL_GET_RULES: i32 = 671;
/// Read the limits applying to a process.
pub const RCTL_GET_LIMITS: i32 = 672;
/// Add a resource limit rule.
pub const RCTL_ADD_RULE: i32 = 673;
/// Remove resource limit rules.
pub const RCTL_REMOVE_RULE: i32 = 674;
/// Read kernel and physical memory (given access to the device).
pub const KMEM_READ: i32 = 680;
/// Write kernel and physical memory.
pub const KMEM_WRITE: i32 = 681;
/// Write another process's memory (after the debug checks passed).
pub const PROC_MEM_WRITE: i32 = 682;
/// Choose the kernel debugger back end.
pub const KDB_SET_BACKEND: i32 = 690;
/// Run an interpreter on a file directly under veriexec.
pub const VERIEXEC_DIRECT: i32 = 700;
/// Skip veriexec verification.
pub const VERIEXEC_NOVERIFY: i32 = 701;
/// Control veriexec.
pub const VERIEXEC_CONTROL: i32 = 702;
