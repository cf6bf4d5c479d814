use super::decode::*;
use super::*;
use crate::abi::consts::*;
use crate::abi::fake_memory::{FakeMemory, TestRng};
use crate::errno::{Errno, KResult};
use alloc::string::String;
use alloc::vec;
use alloc::vec::Vec;

#[test]
fn set_bool_sets_the_name_and_its_negation_without_building_it() {
    let four = [0u8; 4];
    let mut opts = OptionList::from_pairs([
        ("allow.mount.nodevfs", &four[..]),
        ("persist", &four[..]),
        ("allow.mount", &[][..]),
    ])
    .unwrap();
    opts.set_bool("allow.mount.devfs", true).unwrap();
    opts.set_bool("persist", true).unwrap();
    opts.set_bool("allow.mount", false).unwrap();
    let value = |name: &[u8]| opts.iter().find(|o| o.name() == name).and_then(Opt::value);
    assert_eq!(value(b"allow.mount.nodevfs"), Some(&0i32.to_ne_bytes()[..]));
    assert_eq!(value(b"persist"), Some(&1i32.to_ne_bytes()[..]));
    // No buffer: only the length is recorded.
    assert_eq!(opts.len_of("allow.mount"), Some(4));
    assert!(opts.unseen().is_none());
    // A buffer of another size is EINVAL, as for any int.
    let mut wrong = OptionList::from_pairs([("nopersist", &[0u8; 2][..])]).unwrap();
    assert_eq!(wrong.set_bool("persist", true), Err(Errno::EINVAL));
}

#[test]
fn wants_does_not_consume() {
    let opts = OptionList::from_pairs([("ip4.addr", &[][..])]).unwrap();
    assert!(opts.wants("ip4.addr"));
    assert!(!opts.wants("ip6.addr"));
    assert_eq!(opts.unseen(), Some(&b"ip4.addr"[..]));
}

const IOV_AT: usize = 0x1000;
const DATA_AT: usize = 0x10_0000;

/// Lays `pairs` out in memory (names get their NUL) and returns the
/// iovec count. `None` values are sent as zero-length.
fn layout(mem: &FakeMemory, pairs: &[(&[u8], Option<&[u8]>)]) -> u32 {
    let mut records = Vec::new();
    let mut next = DATA_AT;
    for (name, value) in pairs {
        let mut name = name.to_vec();
        name.push(0);
        mem.map(next, &name);
        records.push(iov(next as u64, name.len() as u64));
        next += 0x1000;
        match value {
            Some(v) => {
                mem.map(next, v);
                records.push(iov(next as u64, v.len() as u64));
            }
            None => records.push(iov(0, 0)),
        }
        next += 0x1000;
    }
    map_records(mem, IOV_AT, &records)
}

fn iov(base: u64, len: u64) -> IoVec {
    IoVec { base, len }
}

/// Writes `records` as the iovec array at `at` and returns their count.
fn map_records(mem: &FakeMemory, at: usize, records: &[IoVec]) -> u32 {
    mem.map(at, &encode_iovecs(records));
    records.len() as u32
}

/// Reads hand-made `records` at `at` as an option list.
fn read_records(mem: &FakeMemory, at: usize, records: &[IoVec]) -> KResult<OptionList> {
    let count = map_records(mem, at, records);
    read_options(mem, at, count)
}

fn parse(pairs: &[(&[u8], Option<&[u8]>)]) -> (FakeMemory, KResult<OptionList>) {
    let mem = FakeMemory::new();
    let n = layout(&mem, pairs);
    let result = read_options(&mem, IOV_AT, n);
    (mem, result)
}

fn names(list: &OptionList) -> Vec<String> {
    list.iter()
        .map(|o| String::from_utf8_lossy(o.name()).into_owned())
        .collect()
}

fn value_record(mem: &FakeMemory, pos: usize) -> IoVec {
    let bytes = mem.read(IOV_AT + (2 * pos + 1) * IOVEC_SIZE, IOVEC_SIZE);
    IoVec::from_bytes(bytes.try_into().unwrap())
}

#[test]
fn odd_count_is_einval_before_reading_memory() {
    let mem = FakeMemory::new();
    assert_eq!(
        read_options(&mem, 0xdead_0000, 3).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn too_many_iovecs_is_einval_before_reading_memory() {
    let mem = FakeMemory::new();
    assert_eq!(
        read_options(&mem, 0xdead_0000, 1026).unwrap_err(),
        Errno::EINVAL
    );
    // 1024 is allowed by the count check, so the bad address shows.
    assert_eq!(
        read_options(&mem, 0xdead_0000, 1024).unwrap_err(),
        Errno::EFAULT
    );
}

#[test]
fn empty_list_needs_no_memory() {
    let mem = FakeMemory::new();
    assert!(read_options(&mem, 0, 0).unwrap().is_empty());
}

#[test]
fn unreadable_iovec_array_is_efault() {
    let mem = FakeMemory::new();
    mem.map_zeroed(IOV_AT, 16);
    assert_eq!(read_options(&mem, IOV_AT, 2).unwrap_err(), Errno::EFAULT);
}

#[test]
fn lengths_adding_past_ssize_max_are_einval() {
    let mem = FakeMemory::new();
    let n = map_records(&mem, IOV_AT, &[iov(0, 1 << 62), iov(0, 1 << 62)]);
    assert_eq!(read_iovecs(&mem, IOV_AT, n).unwrap_err(), Errno::EINVAL);
    let n = map_records(&mem, IOV_AT + 0x100, &[iov(0, u64::MAX), IoVec::default()]);
    assert_eq!(
        read_iovecs(&mem, IOV_AT + 0x100, n).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn names_must_be_nul_terminated_and_non_empty() {
    let mem = FakeMemory::new();
    mem.map(DATA_AT, b"persist");
    let unterminated = [iov(DATA_AT as u64, 7), IoVec::default()];
    assert_eq!(
        read_records(&mem, IOV_AT, &unterminated).unwrap_err(),
        Errno::EINVAL
    );
    let empty = [iov(DATA_AT as u64, 0), IoVec::default()];
    assert_eq!(
        read_records(&mem, IOV_AT + 0x100, &empty).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn name_is_the_c_string_before_an_embedded_nul() {
    let (_, list) = parse(&[(b"persist\0junk", None)]);
    let list = list.unwrap();
    assert_eq!(list.flag("persist"), Some(true));
}

#[test]
fn bad_name_or_value_address_is_efault() {
    let mem = FakeMemory::new();
    let bad_name = [iov(0x7777_0000, 4), IoVec::default()];
    assert_eq!(
        read_records(&mem, IOV_AT, &bad_name).unwrap_err(),
        Errno::EFAULT
    );

    mem.map(DATA_AT, b"jid\0");
    let bad_value = [iov(DATA_AT as u64, 4), iov(0x7777_0000, 4)];
    assert_eq!(
        read_records(&mem, IOV_AT + 0x100, &bad_value).unwrap_err(),
        Errno::EFAULT
    );
}

#[test]
fn errors_come_in_option_order() {
    // Option 0 faults, option 1 is oversized: FreeBSD stops at option 0.
    let mem = FakeMemory::new();
    let records = [
        iov(0x7777_0000, 4),
        IoVec::default(),
        iov(0, 70_000),
        IoVec::default(),
    ];
    assert_eq!(
        read_records(&mem, IOV_AT, &records).unwrap_err(),
        Errno::EFAULT
    );
    // Oversized first: EINVAL even though its address is bad too.
    let records = [iov(0x7777_0000, 70_000), IoVec::default()];
    assert_eq!(
        read_records(&mem, IOV_AT + 0x100, &records).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn size_limits_follow_vfs_buildopts() {
    let big = vec![7u8; VFS_MOUNTARG_SIZE_MAX];
    // One value of exactly 64 KiB: the option header pushes the total over.
    let (_, r) = parse(&[(b"path", Some(&big))]);
    assert_eq!(r.unwrap_err(), Errno::EINVAL);
    // Just under the total: 48 + 5 + value.
    let fits = vec![7u8; VFS_MOUNTARG_SIZE_MAX - VFSOPT_SIZE - 5];
    let (_, r) = parse(&[(b"path", Some(&fits))]);
    assert_eq!(r.unwrap().len_of("path"), Some(fits.len()));
    let over = vec![7u8; VFS_MOUNTARG_SIZE_MAX - VFSOPT_SIZE - 4];
    let (_, r) = parse(&[(b"path", Some(&over))]);
    assert_eq!(r.unwrap_err(), Errno::EINVAL);
    // The total counts every option.
    let half = vec![1u8; VFS_MOUNTARG_SIZE_MAX / 2];
    let (_, r) = parse(&[(b"a", Some(&half)), (b"b", Some(&half))]);
    assert_eq!(r.unwrap_err(), Errno::EINVAL);
}

#[test]
fn zero_length_value_is_no_value() {
    let (_, list) = parse(&[(b"persist", None), (b"jid", Some(&5i32.to_ne_bytes()))]);
    let list = list.unwrap();
    let persist = list.get("persist").unwrap();
    assert_eq!(persist.value(), None);
    assert_eq!(persist.len(), 0);
    assert_eq!(list.get("jid").unwrap().pos(), 1);
}

#[test]
fn last_occurrence_wins() {
    let (_, list) = parse(&[
        (b"jid", Some(&1i32.to_ne_bytes())),
        (b"persist", None),
        (b"jid", Some(&2i32.to_ne_bytes())),
        (b"nopersist", None),
    ]);
    let list = list.unwrap();
    assert_eq!(names(&list), ["jid", "nopersist"]);
    assert_eq!(list.copy_i32("jid"), Ok(Some(2)));
    assert_eq!(list.get("jid").unwrap().pos(), 2);
    assert_eq!(list.flag("persist"), Some(false));
}

#[test]
fn dotted_names_negate_their_last_parts() {
    let (_, list) = parse(&[
        (b"allow.nomount", None),
        (b"allow.mount", None),
        (b"allow.mount.devfs", None),
        (b"allow.mount.nodevfs", None),
        (b"ip4.saddrsel", None),
        (b"ip4.nosaddrsel", None),
    ]);
    let list = list.unwrap();
    assert_eq!(
        names(&list),
        ["allow.mount", "allow.mount.nodevfs", "ip4.nosaddrsel"]
    );
    assert_eq!(list.flag("allow.mount"), Some(true));
    assert_eq!(list.flag("allow.mount.devfs"), Some(false));
    assert_eq!(list.flag("ip4.saddrsel"), Some(false));
    assert_eq!(list.flag("persist"), None);
}

#[test]
fn equal_names_follow_vfs_equalopts_quirks() {
    assert!(equal_option_names(b"persist", b"nopersist"));
    assert!(equal_option_names(b"noallow.mount", b"allow.mount"));
    assert!(equal_option_names(
        b"allow.nomount.devfs",
        b"allow.mount.devfs"
    ));
    assert!(equal_option_names(b"ro", b"noro"));
    assert!(equal_option_names(b"rdonly", b"rw"));
    assert!(!equal_option_names(b"nonopersist", b"persist"));
    assert!(!equal_option_names(b"allow.mount", b"allow.mount.devfs"));
    assert!(!equal_option_names(b"ip4.addr", b"ip6.addr"));
    assert!(!equal_option_names(b"a.", b"a"));
}

#[test]
fn boolean_value_is_ignored() {
    let (_, list) = parse(&[(b"persist", Some(&0i32.to_ne_bytes()))]);
    assert_eq!(list.unwrap().flag("persist"), Some(true));
}

#[test]
fn copy_exact_requires_the_exact_length() {
    let (_, list) = parse(&[
        (b"jid", Some(&[1, 0, 0])),
        (b"securelevel", None),
        (b"host.hostid", Some(&7u64.to_ne_bytes())),
    ]);
    let list = list.unwrap();
    assert_eq!(list.copy_i32("jid"), Err(Errno::EINVAL));
    assert_eq!(list.copy_i32("securelevel"), Err(Errno::EINVAL));
    assert_eq!(list.copy_i32("children.max"), Ok(None));
    assert_eq!(list.copy_u64("host.hostid"), Ok(Some(7)));
    assert_eq!(list.copy_u32("host.hostid"), Err(Errno::EINVAL));
}

#[test]
fn get_string_requires_a_terminated_value() {
    let (_, list) = parse(&[
        (b"name", Some(b"web\0")),
        (b"path", Some(b"/jail")),
        (b"host.hostname", None),
        (b"osrelease", Some(b"a\0b\0")),
    ]);
    let list = list.unwrap();
    assert_eq!(list.get_string("name"), Ok(Some(&b"web"[..])));
    assert_eq!(list.get_string("path"), Err(Errno::EINVAL));
    assert_eq!(list.get_string("host.hostname"), Err(Errno::EINVAL));
    assert_eq!(list.get_string("osrelease"), Ok(Some(&b"a"[..])));
    assert_eq!(list.len_of("osrelease"), Some(4));
    assert_eq!(list.get_string("host.domainname"), Ok(None));
}

#[test]
fn unseen_reports_the_first_unconsumed_option_but_never_errmsg() {
    let (_, list) = parse(&[
        (b"errmsg", Some(&[0; 8])),
        (b"persist", None),
        (b"bogus", None),
        (b"other", None),
    ]);
    let list = list.unwrap();
    assert_eq!(list.unseen(), Some(&b"persist"[..]));
    list.flag("persist");
    assert_eq!(list.unseen(), Some(&b"bogus"[..]));
    list.get("bogus");
    list.get("other");
    assert_eq!(list.unseen(), None);
}

#[test]
fn errmsg_is_truncated_and_keeps_the_callers_tail() {
    let (mem, list) = parse(&[(b"errmsg", Some(b"XXXXXXXXXX")), (b"persist", None)]);
    let mut list = list.unwrap();
    list.errmsg_set("jail 5 not found");
    assert_eq!(list.errmsg(), Some(&b"jail 5 no"[..]));
    list.errmsg_set("short");
    assert_eq!(list.errmsg(), Some(&b"short"[..]));
    list.write_back_errmsg(&mem, IOV_AT);
    let buf = value_record(&mem, 0);
    assert_eq!(mem.read(buf.base as usize, 10), b"short\0 no\0");
}

#[test]
fn errmsg_without_buffer_is_a_no_op() {
    let (mem, list) = parse(&[(b"errmsg", None)]);
    let mut list = list.unwrap();
    list.errmsg_set("whatever");
    assert_eq!(list.errmsg(), None);
    list.write_back_errmsg(&mem, IOV_AT);
    let mut absent = OptionList::from_pairs([("persist", "")]).unwrap();
    absent.errmsg_set("x");
    assert_eq!(absent.errmsg(), None);
}

#[test]
fn untouched_errmsg_is_written_back_unchanged() {
    let (mem, list) = parse(&[(b"errmsg", Some(b"caller's bytes"))]);
    let list = list.unwrap();
    list.write_back_errmsg(&mem, IOV_AT);
    let buf = value_record(&mem, 0);
    assert_eq!(mem.read(buf.base as usize, 14), b"caller's bytes");
}

#[test]
fn set_value_needs_the_exact_length_unless_no_buffer() {
    let (_, list) = parse(&[
        (b"jid", Some(&[0; 4])),
        (b"securelevel", None),
        (b"parent", Some(&[0; 8])),
    ]);
    let mut list = list.unwrap();
    assert_eq!(list.set_i32("jid", 9), Ok(()));
    assert_eq!(list.copy_i32("jid"), Ok(Some(9)));
    assert_eq!(list.set_i32("securelevel", -1), Ok(()));
    assert_eq!(list.len_of("securelevel"), Some(4));
    assert_eq!(list.set_i32("parent", 0), Err(Errno::EINVAL));
    assert_eq!(list.set_i32("children.max", 0), Ok(()));
}

#[test]
fn set_string_needs_room_for_the_nul() {
    let (_, list) = parse(&[
        (b"name", Some(&[b'z'; 4])),
        (b"path", Some(&[b'z'; 8])),
        (b"host.hostname", None),
    ]);
    let mut list = list.unwrap();
    assert_eq!(list.set_string("name", b"abcd"), Err(Errno::EINVAL));
    assert_eq!(list.set_string("name", b"abc"), Ok(()));
    assert_eq!(list.get("name").unwrap().value(), Some(&b"abc\0"[..]));
    assert_eq!(list.set_string("path", b"/j"), Ok(()));
    // The length stays the caller's buffer size.
    assert_eq!(list.len_of("path"), Some(8));
    assert_eq!(list.get("path").unwrap().value(), Some(&b"/j\0zzzzz"[..]));
    assert_eq!(list.set_string("host.hostname", b"example.org"), Ok(()));
    assert_eq!(list.len_of("host.hostname"), Some(12));
}

#[test]
fn set_partial_shrinks_to_the_value_and_refuses_short_buffers() {
    let (_, list) = parse(&[(b"ip4.addr", Some(&[0; 12])), (b"ip6.addr", Some(&[0; 16]))]);
    let mut list = list.unwrap();
    assert_eq!(
        list.set_partial("ip4.addr", &[10, 0, 0, 1, 10, 0, 0, 2]),
        Ok(())
    );
    assert_eq!(list.len_of("ip4.addr"), Some(8));
    assert_eq!(list.set_partial("ip6.addr", &[1; 32]), Err(Errno::EINVAL));
    assert_eq!(list.set_partial("ip6.addr", &[]), Ok(()));
    assert_eq!(list.len_of("ip6.addr"), Some(0));
}

#[test]
fn write_back_values_copies_values_and_lengths() {
    let (mem, list) = parse(&[
        (b"jid", Some(&[0; 4])),
        (b"name", Some(&[b'?'; 16])),
        (b"path", None),
        (b"errmsg", Some(&[b'e'; 4])),
    ]);
    let mut list = list.unwrap();
    list.set_i32("jid", 3).unwrap();
    list.set_string("name", b"web").unwrap();
    list.set_string("path", b"/jails/web").unwrap();
    list.write_back_values(&mem, IOV_AT).unwrap();

    let jid = value_record(&mem, 0);
    assert_eq!(jid.len, 4);
    assert_eq!(mem.read(jid.base as usize, 4), 3i32.to_ne_bytes());
    let name = value_record(&mem, 1);
    assert_eq!(name.len, 16);
    assert_eq!(mem.read(name.base as usize, 5), b"web\0?");
    let path = value_record(&mem, 2);
    assert_eq!((path.base, path.len), (0, 11));
    let errmsg = value_record(&mem, 3);
    assert_eq!(errmsg.len, 4);
    assert_eq!(mem.read(errmsg.base as usize, 4), b"eeee");
}

#[test]
fn write_back_skips_options_dropped_by_sanitising() {
    let (mem, list) = parse(&[(b"persist", Some(&[9; 4])), (b"nopersist", Some(&[0; 4]))]);
    let mut list = list.unwrap();
    list.set_i32("persist", 1).unwrap();
    list.set_i32("nopersist", 0).unwrap();
    list.write_back_values(&mem, IOV_AT).unwrap();
    let dropped = value_record(&mem, 0);
    assert_eq!(mem.read(dropped.base as usize, 4), [9; 4]);
}

#[test]
fn write_back_value_fault_fails_and_writes_errmsg() {
    let mem = FakeMemory::new();
    mem.map(DATA_AT, b"jid\0");
    mem.map(DATA_AT + 0x100, &[0; 4]);
    mem.map(DATA_AT + 0x200, b"errmsg\0");
    mem.map(DATA_AT + 0x300, &[b'x'; 8]);
    let records = [
        iov(DATA_AT as u64, 4),
        iov(DATA_AT as u64 + 0x100, 4),
        iov(DATA_AT as u64 + 0x200, 7),
        iov(DATA_AT as u64 + 0x300, 8),
    ];
    let mut list = read_records(&mem, IOV_AT, &records).unwrap();
    // The caller's buffer disappears between copyin and copyout.
    let moved = FakeMemory::new();
    moved.map(DATA_AT + 0x300, &[b'x'; 8]);
    map_records(&moved, IOV_AT, &records);
    list.set_i32("jid", 1).unwrap();
    list.errmsg_set("boom");
    assert_eq!(list.write_back_values(&moved, IOV_AT), Err(Errno::EFAULT));
    assert_eq!(moved.read(DATA_AT + 0x300, 8), b"boom\0xxx");
}

#[test]
fn kernel_built_lists_parse_like_user_lists() {
    let list = OptionList::from_pairs([
        ("path", &b"/\0"[..]),
        ("ip4.addr", &b""[..]),
        ("allow.mount", &b""[..]),
        ("allow.nomount", &b""[..]),
    ])
    .unwrap();
    assert_eq!(list.get_string("path"), Ok(Some(&b"/"[..])));
    assert_eq!(list.len_of("ip4.addr"), Some(0));
    assert_eq!(list.flag("allow.mount"), Some(false));
    let mem = FakeMemory::new();
    assert_eq!(list.write_back_values(&mem, 0), Ok(()));
    let big = vec![0u8; VFS_MOUNTARG_SIZE_MAX];
    assert_eq!(
        OptionList::from_pairs([("path", &big[..])]).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        OptionList::from_pairs([("", "")]).unwrap_err(),
        Errno::EINVAL
    );
}

/// Survivors of sanitising are pairwise distinct, keep their order, and
/// the caller's last option always survives.
#[test]
fn sanitise_property() {
    const VOCABULARY: &[&[u8]] = &[
        b"persist",
        b"nopersist",
        b"nonopersist",
        b"allow.mount",
        b"allow.nomount",
        b"noallow.mount",
        b"allow.mount.devfs",
        b"allow.mount.nodevfs",
        b"allow.nomount.devfs",
        b"ro",
        b"rw",
        b"rdonly",
        b"norw",
        b"noro",
        b"a.b.c",
        b"a.b.noc",
        b"a.",
        b"a",
        b"no",
    ];
    let mut rng = TestRng::new(7);
    for _ in 0..2000 {
        let count = rng.below(12) as usize + 1;
        let pairs: Vec<(&[u8], &[u8])> = (0..count)
            .map(|_| {
                (
                    VOCABULARY[rng.below(VOCABULARY.len() as u64) as usize],
                    &b""[..],
                )
            })
            .collect();
        let list = OptionList::from_pairs(pairs.iter().copied()).unwrap();
        let survivors: Vec<&Opt> = list.iter().collect();
        assert_eq!(survivors.last().unwrap().pos(), count - 1);
        for (i, a) in survivors.iter().enumerate() {
            for b in &survivors[..i] {
                assert!(b.pos() < a.pos());
                assert!(!equal_option_names(a.name(), b.name()));
            }
        }
    }
}

/// Random iovec arrays, lengths and bytes never panic and fail only
/// with the errnos FreeBSD can return; the accessors and write-backs on
/// whatever parses never panic either.
#[test]
fn fuzz_read_options() {
    const NAMES: &[&str] = &[
        "jid",
        "name",
        "path",
        "persist",
        "errmsg",
        "ip4.addr",
        "allow.mount",
        "host.hostid",
    ];
    let mut rng = TestRng::new(0x5eed);
    let mut parsed = 0;
    for round in 0..3000u64 {
        let mem = FakeMemory::new();
        let regions: Vec<(usize, usize)> = (0..4)
            .map(|i| (0x10_0000 * (i + 1), rng.below(300) as usize))
            .collect();
        for &(base, len) in &regions {
            let mut bytes = rng.bytes(len);
            for b in bytes.iter_mut() {
                if rng.chance(6) {
                    *b = 0;
                }
            }
            // Sometimes plant a known name.
            if rng.chance(2) && len > 16 {
                let name = NAMES[rng.below(NAMES.len() as u64) as usize].as_bytes();
                bytes[..name.len()].copy_from_slice(name);
                bytes[name.len()] = 0;
            }
            mem.map(base, &bytes);
        }
        let niov = match rng.below(10) {
            0 => rng.below(2100) as u32,
            1 => rng.next_u64() as u32,
            _ => 2 * rng.below(8) as u32,
        };
        let mut records = Vec::new();
        for _ in 0..niov.min(1100) {
            let (base, len) = regions[rng.below(4) as usize];
            let record = match rng.below(8) {
                0 => iov(rng.next_u64(), rng.next_u64()),
                1 => iov(base as u64, 0),
                2 => iov(base as u64, rng.below(70_000)),
                _ => {
                    let offset = rng.below(len as u64 + 1);
                    let room = len as u64 - offset;
                    iov(base as u64 + offset, rng.below(room + 2))
                }
            };
            records.push(record);
        }
        let iov_at = if rng.chance(20) { 0x7000_0000 } else { IOV_AT };
        mem.map(IOV_AT, &encode_iovecs(&records));
        match read_options(&mem, iov_at, niov) {
            Err(e) => assert!(
                e == Errno::EINVAL || e == Errno::EFAULT,
                "round {round}: unexpected {e:?}"
            ),
            Ok(mut list) => {
                parsed += 1;
                for name in NAMES {
                    let _ = list.get_string(name);
                    let _ = list.copy_i32(name);
                    let _ = list.flag(name);
                    let _ = list.set_string(name, b"value");
                    let _ = list.set_partial(name, &[1, 2, 3, 4]);
                    let _ = list.set_i32(name, 1);
                }
                let _ = list.unseen();
                list.errmsg_set("fuzzed");
                list.write_back_errmsg(&mem, IOV_AT);
                if let Err(e) = list.write_back_values(&mem, IOV_AT) {
                    assert_eq!(e, Errno::EFAULT);
                }
            }
        }
    }
    assert!(
        parsed > 100,
        "the fuzzer should reach the accessors ({parsed})"
    );
}
