//! `bootfiles.sh` finds a FreeBSD image's /boot among its partitions and
//! copies the boot files out without mounting anything. These tests build
//! small synthetic disks (GPT or MBR partition tables written by sfdisk, UFS2
//! file systems written by makefs) holding dummy files, run the script on
//! them and compare what it copied.
//!
//! They need `grub-fstest` (grub-common), `makefs` and `sfdisk` (fdisk); each
//! test says it is skipped, and passes, when one of them is missing. The
//! qcow2 test also needs `qemu-img` (qemu-utils).

use std::fs;
use std::io::{Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SECTOR: u64 = 512;
/// GPT partition types (FreeBSD boot, swap and UFS) and MBR types (FreeBSD).
const GPT_FREEBSD_BOOT: &str = "83BD6B9D-7F41-11DC-BE0B-001560B84F0F";
const GPT_FREEBSD_SWAP: &str = "516E7CB5-6ECF-11D6-8FF8-00022D09712B";
const GPT_FREEBSD_UFS: &str = "516E7CB6-6ECF-11D6-8FF8-00022D09712B";
const MBR_FREEBSD: &str = "a5";

fn have(tool: &str) -> bool {
    Command::new("sh")
        .arg("-c")
        .arg(format!("command -v {tool}"))
        .stdout(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The tools every test here needs, or the reason it is skipped.
fn tools_present(test: &str) -> bool {
    let missing: Vec<&str> = ["grub-fstest", "makefs", "sfdisk"]
        .into_iter()
        .filter(|tool| !have(tool))
        .collect();
    if missing.is_empty() {
        return true;
    }
    eprintln!(
        "{test}: SKIPPED: {} not installed (Debian: grub-common, makefs, fdisk)",
        missing.join(", ")
    );
    false
}

fn scratch(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bootfiles-{name}"));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Distinct contents for each dummy file; the kernel's spans many blocks.
fn dummy(name: &str, repeat: usize) -> Vec<u8> {
    format!("dummy {name}\n").repeat(repeat).into_bytes()
}

/// A directory tree of `files` (relative path, contents).
fn stage(dir: &Path, files: &[(&str, Vec<u8>)]) {
    for (path, bytes) in files {
        let path = dir.join(path);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }
}

/// A UFS2 image of the tree at `dir`.
fn ufs2(dir: &Path, image: &Path) -> Vec<u8> {
    let status = Command::new("makefs")
        .args(["-t", "ffs", "-o", "version=2", "-B", "le", "-s", "4m"])
        .arg(image)
        .arg(dir)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success(), "makefs");
    fs::read(image).unwrap()
}

/// A disk of `sectors` whose partition table sfdisk writes from `script`;
/// each `(start sector, bytes)` is then written at its partition's offset.
fn disk(path: &Path, sectors: u64, script: &str, contents: &[(u64, &[u8])]) {
    let file = fs::File::create(path).unwrap();
    file.set_len(sectors * SECTOR).unwrap();
    drop(file);
    let mut sfdisk = Command::new("sfdisk")
        .arg("-q")
        .arg(path)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    sfdisk
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    assert!(sfdisk.wait().unwrap().success(), "sfdisk");
    let mut file = fs::OpenOptions::new().write(true).open(path).unwrap();
    for (start, bytes) in contents {
        file.seek(SeekFrom::Start(start * SECTOR)).unwrap();
        file.write_all(bytes).unwrap();
    }
}

fn bootfiles(image: &Path, out: &Path) -> Output {
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("bootfiles.sh");
    Command::new("sh")
        .arg(script)
        .arg(image)
        .arg(out)
        .output()
        .unwrap()
}

/// Runs the script and checks it succeeded and copied exactly `files`
/// (relative to the image's /boot).
fn assert_extracts(image: &Path, out: &Path, files: &[(&str, Vec<u8>)]) {
    let result = bootfiles(image, out);
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(result.status.success(), "bootfiles.sh failed: {stderr}");
    let mut expected: Vec<String> = files.iter().map(|(p, _)| p.to_string()).collect();
    expected.sort();
    let mut copied = Vec::new();
    list_files(out, out, &mut copied);
    copied.sort();
    assert_eq!(copied, expected, "files copied from {}", image.display());
    for (path, bytes) in files {
        assert!(
            fs::read(out.join(path)).unwrap() == *bytes,
            "{path} differs from the image's"
        );
    }
}

fn list_files(root: &Path, dir: &Path, found: &mut Vec<String>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            list_files(root, &path, found);
        } else {
            let relative = path.strip_prefix(root).unwrap();
            found.push(relative.to_string_lossy().into_owned());
        }
    }
}

/// The boot files of an image with the simple loader.
fn simple_boot() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("kernel/kernel", dummy("kernel", 20_000)),
        ("cdboot", dummy("cdboot", 100)),
        ("loader_simp", dummy("loader_simp", 3_000)),
    ]
}

/// A GPT disk as FreeBSD's VM images lay it out: a boot partition, swap,
/// then the root file system; partition 2 holds a decoy UFS with a /boot but
/// no kernel, which must be passed over.
fn gpt_image(dir: &Path, files: &[(&str, Vec<u8>)]) -> PathBuf {
    let root = dir.join("root");
    let mut staged: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, b)| (format!("boot/{p}"), b.clone()))
        .collect();
    staged.push(("etc/rc".into(), dummy("rc", 1)));
    let staged: Vec<(&str, Vec<u8>)> = staged
        .iter()
        .map(|(p, b)| (p.as_str(), b.clone()))
        .collect();
    stage(&root, &staged);
    let decoy = dir.join("decoy");
    stage(&decoy, &[("boot/cdboot", dummy("decoy cdboot", 10))]);
    let root_fs = ufs2(&root, &dir.join("root.ufs"));
    let decoy_fs = ufs2(&decoy, &dir.join("decoy.ufs"));
    let image = dir.join("disk.img");
    let script = format!(
        "label: gpt\n\
         start=2048, size=1024, type={GPT_FREEBSD_BOOT}\n\
         start=4096, size=10240, type={GPT_FREEBSD_SWAP}\n\
         start=16384, size=10240, type={GPT_FREEBSD_UFS}\n"
    );
    disk(
        &image,
        28_672,
        &script,
        &[(4096, &decoy_fs), (16384, &root_fs)],
    );
    image
}

#[test]
fn finds_the_root_partition_of_a_gpt_disk() {
    if !tools_present("finds_the_root_partition_of_a_gpt_disk") {
        return;
    }
    let dir = scratch("gpt");
    let files = simple_boot();
    let image = gpt_image(&dir, &files);
    assert_extracts(&image, &dir.join("out"), &files);
}

#[test]
fn converts_a_qcow2_image_first() {
    if !tools_present("converts_a_qcow2_image_first") {
        return;
    }
    if !have("qemu-img") {
        eprintln!(
            "converts_a_qcow2_image_first: SKIPPED: qemu-img not installed (Debian: qemu-utils)"
        );
        return;
    }
    let dir = scratch("qcow2");
    let files = simple_boot();
    let raw = gpt_image(&dir, &files);
    let qcow2 = dir.join("disk.qcow2");
    let status = Command::new("qemu-img")
        .args(["convert", "-f", "raw", "-O", "qcow2"])
        .arg(&raw)
        .arg(&qcow2)
        .status()
        .unwrap();
    assert!(status.success(), "qemu-img convert");
    fs::remove_file(&raw).unwrap();
    let out = dir.join("out");
    assert_extracts(&qcow2, &out, &files);
    // The temporary raw copy is gone.
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".raw"))
        .collect();
    assert!(leftovers.is_empty(), "left behind: {leftovers:?}");
}

#[test]
fn copies_the_lua_loader_with_its_directories_from_an_mbr_slice() {
    if !tools_present("copies_the_lua_loader_with_its_directories_from_an_mbr_slice") {
        return;
    }
    let dir = scratch("mbr");
    let files = vec![
        ("kernel/kernel", dummy("kernel", 5_000)),
        ("cdboot", dummy("cdboot", 100)),
        ("loader", dummy("loader", 2_000)),
        ("lua/loader.lua", dummy("loader.lua", 50)),
        ("lua/core.lua", dummy("core.lua", 50)),
        ("lua/gfx/logo.lua", dummy("logo.lua", 5)),
        ("defaults/loader.conf", dummy("loader.conf", 20)),
    ];
    let root = dir.join("root");
    let staged: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(p, b)| (format!("boot/{p}"), b.clone()))
        .collect();
    let staged: Vec<(&str, Vec<u8>)> = staged
        .iter()
        .map(|(p, b)| (p.as_str(), b.clone()))
        .collect();
    stage(&root, &staged);
    let root_fs = ufs2(&root, &dir.join("root.ufs"));
    let image = dir.join("disk.img");
    let script = format!("label: dos\nstart=2048, size=10240, type={MBR_FREEBSD}\n");
    disk(&image, 12_288, &script, &[(2048, &root_fs)]);
    assert_extracts(&image, &dir.join("out"), &files);
}

#[test]
fn an_image_without_a_kernel_is_an_error() {
    if !tools_present("an_image_without_a_kernel_is_an_error") {
        return;
    }
    let dir = scratch("nokernel");
    let root = dir.join("root");
    stage(&root, &[("boot/cdboot", dummy("cdboot", 10))]);
    let root_fs = ufs2(&root, &dir.join("root.ufs"));
    let image = dir.join("disk.img");
    let script = format!("label: gpt\nstart=2048, size=10240, type={GPT_FREEBSD_UFS}\n");
    disk(&image, 14_336, &script, &[(2048, &root_fs)]);
    let result = bootfiles(&image, &dir.join("out"));
    assert!(!result.status.success());
    let stderr = String::from_utf8_lossy(&result.stderr);
    assert!(
        stderr.contains("no /boot/kernel/kernel"),
        "unexpected message: {stderr}"
    );
}
