//! The kernel symbols our curated headers promise exist.
//!
//! The headers under `sys-headers/` are written plainly: one prototype per
//! function and `extern type name;` (or `name[...]`) per data object. This is
//! not a C parser; it tokenises, drops comments and preprocessor lines, skips
//! every brace body (struct/union/enum members, `static inline` bodies) and
//! reads the declared name of each remaining top-level declaration. Names of
//! `static` functions and of typedefs are not kernel symbols and are left out.

use std::collections::BTreeSet;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, PartialEq, Eq)]
enum Token {
    Ident(String),
    Str(String),
    Punct(char),
    /// Numbers, character constants and anything else that cannot be a name.
    Other,
}

/// Attribute-like macros and keywords that take a parenthesised argument and
/// may stand before the declarator, where they would look like a function.
const ATTRIBUTE_CALLS: &[&str] = &[
    "__attribute__",
    "__attribute",
    "__declspec",
    "_Alignas",
    "alignas",
    "__aligned",
    "__section",
    "__printflike",
    "__scanflike",
    "__format_arg",
    "__nonnull",
    "__alloc_size",
    "__alloc_size2",
    "__alloc_align",
    "__deprecated",
    "__requires_exclusive",
    "__requires_shared",
    "__requires_unlocked",
    "__locks_exclusive",
    "__locks_shared",
    "__unlocks",
    "__trylocks_exclusive",
    "__trylocks_shared",
    "__asserts_exclusive",
    "__asserts_shared",
    "__lock_annotate",
    "__guarded_by",
    "__pt_guarded_by",
    "_Static_assert",
    "static_assert",
    "__typeof",
    "__typeof__",
    "typeof",
];

const ASM_LABELS: &[&str] = &["__asm__", "__asm", "asm"];

/// Declaration macros whose expansion declares a kernel symbol; the value says
/// how the symbol name is formed from the macro's single argument.
fn declaration_macro_symbol(macro_name: &str, argument: &str) -> Option<String> {
    match macro_name {
        // The malloc type object itself.
        "MALLOC_DECLARE" => Some(argument.to_string()),
        // The sysctl node object (FreeBSD 15 pastes `sysctl__` before the name).
        "SYSCTL_DECL" => Some(format!("sysctl__{argument}")),
        _ => None,
    }
}

fn tokenize(source: &str) -> Vec<Token> {
    let chars: Vec<char> = source.chars().collect();
    let mut tokens = Vec::new();
    let mut i = 0usize;
    let mut at_line_start = true;
    while let Some(&c) = chars.get(i) {
        if c == '\n' {
            at_line_start = true;
            i += 1;
            continue;
        }
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        // Preprocessor directive: skip to the end of the line, following
        // backslash continuations and stepping over comments that span lines.
        if c == '#' && at_line_start {
            while let Some(&d) = chars.get(i) {
                if d == '\\' && chars.get(i + 1) == Some(&'\n') {
                    i += 2;
                    continue;
                }
                if d == '/' && chars.get(i + 1) == Some(&'*') {
                    i = skip_block_comment(&chars, i);
                    continue;
                }
                if d == '\n' {
                    break;
                }
                i += 1;
            }
            continue;
        }
        at_line_start = false;
        if c == '/' && chars.get(i + 1) == Some(&'*') {
            i = skip_block_comment(&chars, i);
            continue;
        }
        if c == '/' && chars.get(i + 1) == Some(&'/') {
            while chars.get(i).is_some_and(|&d| d != '\n') {
                i += 1;
            }
            continue;
        }
        if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while chars
                .get(i)
                .is_some_and(|d| d.is_ascii_alphanumeric() || *d == '_')
            {
                i += 1;
            }
            tokens.push(Token::Ident(
                chars.get(start..i).unwrap_or(&[]).iter().collect(),
            ));
            continue;
        }
        if c.is_ascii_digit() {
            while chars
                .get(i)
                .is_some_and(|d| d.is_ascii_alphanumeric() || *d == '.' || *d == '_')
            {
                i += 1;
            }
            tokens.push(Token::Other);
            continue;
        }
        if c == '"' || c == '\'' {
            let quote = c;
            let start = i + 1;
            i += 1;
            while let Some(&d) = chars.get(i) {
                if d == '\\' {
                    i += 2;
                    continue;
                }
                if d == quote || d == '\n' {
                    break;
                }
                i += 1;
            }
            let text: String = chars.get(start..i).unwrap_or(&[]).iter().collect();
            i += 1;
            tokens.push(if quote == '"' {
                Token::Str(text)
            } else {
                Token::Other
            });
            continue;
        }
        tokens.push(Token::Punct(c));
        i += 1;
    }
    tokens
}

/// Index just past the `*/` closing the comment that starts at `start`.
fn skip_block_comment(chars: &[char], start: usize) -> usize {
    let mut i = start + 2;
    while i < chars.len() {
        if chars.get(i) == Some(&'*') && chars.get(i + 1) == Some(&'/') {
            return i + 2;
        }
        i += 1;
    }
    chars.len()
}

/// Index just past the group opened at `open` (which must be `(`, `[` or `{`),
/// or the end of the tokens when the group never closes.
fn skip_group(tokens: &[Token], open: usize) -> usize {
    let mut depth = 0usize;
    let mut i = open;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct('(' | '[' | '{') => depth += 1,
            Token::Punct(')' | ']' | '}') => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return i + 1;
                }
            }
            _ => {}
        }
        i += 1;
    }
    tokens.len()
}

/// Splits the top level into declarations: tokens up to a `;`, with brace
/// bodies removed. A brace body right after `)` is a function definition and
/// ends its declaration; one elsewhere (a struct, union or enum) is dropped and
/// the declaration continues.
fn declarations(tokens: &[Token]) -> Vec<Vec<Token>> {
    let mut out = Vec::new();
    let mut current: Vec<Token> = Vec::new();
    let mut i = 0usize;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct(';') => {
                out.push(std::mem::take(&mut current));
                i += 1;
            }
            Token::Punct('{') => {
                let is_function_body = matches!(current.last(), Some(Token::Punct(')')));
                i = skip_group(tokens, i);
                if is_function_body {
                    // A definition declares no external symbol in a header
                    // (and a `static inline` one never does).
                    current.clear();
                } else {
                    current.push(Token::Other);
                }
            }
            Token::Punct('(' | '[') => {
                let end = skip_group(tokens, i);
                current.extend(tokens.get(i..end).unwrap_or(&[]).iter().cloned());
                i = end;
            }
            _ => {
                current.push(token.clone());
                i += 1;
            }
        }
    }
    out
}

/// Removes attribute calls (`__attribute__((...))`, `__printflike(1, 2)`, ...)
/// and returns the asm label (`__asm__("name")`) when there is one.
fn strip_attributes(declaration: &[Token]) -> (Vec<Token>, Option<String>) {
    let mut kept = Vec::with_capacity(declaration.len());
    let mut asm_label = None;
    let mut i = 0usize;
    while let Some(token) = declaration.get(i) {
        if let Token::Ident(name) = token {
            let followed_by_group = matches!(declaration.get(i + 1), Some(Token::Punct('(')));
            if followed_by_group && ATTRIBUTE_CALLS.contains(&name.as_str()) {
                i = skip_group(declaration, i + 1);
                continue;
            }
            if followed_by_group && ASM_LABELS.contains(&name.as_str()) {
                if let Some(Token::Str(label)) = declaration.get(i + 2) {
                    asm_label = Some(label.clone());
                }
                i = skip_group(declaration, i + 1);
                continue;
            }
        }
        kept.push(token.clone());
        i += 1;
    }
    (kept, asm_label)
}

/// Splits a declaration at top-level commas into its declarators; the first
/// one carries the type specifiers, which is all the name finder needs.
fn split_declarators(tokens: &[Token]) -> Vec<&[Token]> {
    let mut parts = Vec::new();
    let mut start = 0usize;
    let mut i = 0usize;
    while let Some(token) = tokens.get(i) {
        match token {
            Token::Punct('(' | '[') => {
                i = skip_group(tokens, i);
                continue;
            }
            Token::Punct(',') => {
                parts.push(tokens.get(start..i).unwrap_or(&[]));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    parts.push(tokens.get(start..).unwrap_or(&[]));
    parts
}

/// What a declarator declares.
#[derive(Debug, PartialEq, Eq)]
enum Declared {
    Function(String),
    Object(String),
}

fn declared_name(declarator: &[Token], first: bool) -> Option<Declared> {
    let initializer = declarator
        .iter()
        .position(|t| *t == Token::Punct('='))
        .unwrap_or(declarator.len());
    let declarator = declarator.get(..initializer)?;
    let mut i = 0usize;
    while let Some(token) = declarator.get(i) {
        match token {
            Token::Punct('(') => {
                // `(*name)(...)` or `(*name)[...]`: a pointer object.
                if matches!(declarator.get(i + 1), Some(Token::Punct('*'))) {
                    let end = skip_group(declarator, i);
                    let inner = declarator.get(i + 1..end.saturating_sub(1))?;
                    let name = inner.iter().rev().find_map(|t| match t {
                        Token::Ident(name) if !is_qualifier(name) => Some(name.clone()),
                        _ => None,
                    })?;
                    return Some(Declared::Object(name));
                }
                // `type name(...)`: a function, provided a return type came
                // first (a bare `MACRO(arg)` line is not a prototype).
                let name = match i.checked_sub(1).and_then(|p| declarator.get(p)) {
                    Some(Token::Ident(name)) => name.clone(),
                    _ => return None,
                };
                let has_type = i >= 2 || !first;
                return has_type.then_some(Declared::Function(name));
            }
            Token::Punct('[') => break,
            _ => i += 1,
        }
    }
    // An object: the last identifier before any array bounds.
    let name = declarator.get(..i)?.iter().rev().find_map(|t| match t {
        Token::Ident(name) if !is_qualifier(name) => Some(name.clone()),
        _ => None,
    })?;
    Some(Declared::Object(name))
}

fn is_qualifier(word: &str) -> bool {
    matches!(
        word,
        "const" | "volatile" | "restrict" | "__restrict" | "__restrict__" | "_Atomic"
    )
}

/// The kernel symbol names declared by one header's text.
pub fn parse_header(source: &str) -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for declaration in declarations(&tokenize(source)) {
        let words = |w: &str| {
            declaration
                .iter()
                .any(|t| *t == Token::Ident(w.to_string()))
        };
        if words("typedef") || words("static") {
            continue;
        }
        if let [Token::Ident(macro_name), Token::Punct('('), Token::Ident(argument), Token::Punct(')')] =
            declaration.as_slice()
        {
            if let Some(symbol) = declaration_macro_symbol(macro_name, argument) {
                names.insert(symbol);
            }
            continue;
        }
        let is_extern = words("extern");
        let (tokens, asm_label) = strip_attributes(&declaration);
        for (n, declarator) in split_declarators(&tokens).into_iter().enumerate() {
            match declared_name(declarator, n == 0) {
                Some(Declared::Function(name)) => {
                    names.insert(asm_label.clone().unwrap_or(name));
                }
                // Data is a kernel symbol only when declared `extern`; without
                // it a header line would define the object in every user.
                Some(Declared::Object(name)) if is_extern => {
                    names.insert(asm_label.clone().unwrap_or(name));
                }
                _ => {}
            }
        }
    }
    names
}

/// Every header file (`*.h`) below `dir`, sorted for stable results.
fn header_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(current) = pending.pop() {
        for entry in fs::read_dir(&current)? {
            let path = entry?.path();
            if path.is_dir() {
                pending.push(path);
            } else if path.extension().is_some_and(|e| e == "h") {
                found.push(path);
            }
        }
    }
    found.sort();
    Ok(found)
}

/// The names declared by every header under `dir`.
pub fn load_kpi_dir(dir: &Path) -> io::Result<BTreeSet<String>> {
    let mut names = BTreeSet::new();
    for path in header_files(dir)? {
        let text = fs::read(&path)?;
        names.extend(parse_header(&String::from_utf8_lossy(&text)));
    }
    Ok(names)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(source: &str) -> Vec<String> {
        parse_header(source).into_iter().collect()
    }

    #[test]
    fn prototypes_and_extern_data() {
        let src = "int copyin(const void *udaddr, void *kaddr, size_t len);\n\
                   extern struct prison prison0;\n\
                   extern int maxproc, maxfiles;\n\
                   extern char hostname[256];\n\
                   void *malloc(size_t size, struct malloc_type *type, int flags);\n";
        assert_eq!(
            names(src),
            ["copyin", "hostname", "malloc", "maxfiles", "maxproc", "prison0"]
        );
    }

    #[test]
    fn skips_what_is_not_a_kernel_symbol() {
        let src = "struct ops { int (*op_call)(int); void (*op_free)(void *); };\n\
                   typedef int handler_t(void *);\n\
                   typedef void (*callback_t)(int);\n\
                   static inline int inline_only(int x) { return (inner(x)); }\n\
                   static int file_local(void);\n\
                   int not_extern_data;\n\
                   enum state { ST_A, ST_B };\n\
                   #define copy_in(a, b) copyin(a, b)\n\
                   /* int commented_out(void); */\n\
                   // int line_commented(void);\n\
                   CTASSERT(sizeof(struct ops) == 16);\n\
                   _Static_assert(sizeof(int) == 4, \"int(4)\");\n";
        assert!(names(src).is_empty(), "{:?}", names(src));
    }

    #[test]
    fn attributes_asm_labels_and_pointer_objects() {
        let src = "__attribute__((noreturn)) void panic(const char *, ...) __printflike(1, 2);\n\
                   void __stack_chk_fail(void) __dead2;\n\
                   int renamed(void) __asm__(\"real_name\");\n\
                   extern void (*hook_ptr)(int);\n\
                   extern const char *const names_table[];\n\
                   MALLOC_DECLARE(M_RJAIL);\n\
                   SYSCTL_DECL(_security_jail);\n\
                   #define LONG_MACRO(a) \\\n  not_a_prototype(a);\n";
        assert_eq!(
            names(src),
            [
                "M_RJAIL",
                "__stack_chk_fail",
                "hook_ptr",
                "names_table",
                "panic",
                "real_name",
                "sysctl___security_jail"
            ]
        );
    }

    #[test]
    fn garbage_does_not_panic() {
        for src in [
            "{{{",
            "int f(",
            "extern",
            "}}} ;;; (",
            "\"unterminated",
            "/* open",
            "#",
        ] {
            let _ = parse_header(src);
        }
    }
}
