//! Tar archives (POSIX ustar, pax and GNU), read from memory through the `tar` crate. Entries are
//! slices of the archive (nothing is copied or written); links, directories and devices hold no
//! content of their own and are passed over.

use std::io::Cursor;

use super::{Walker, Why, join, label};

pub(super) fn walk(
    w: &mut Walker<'_, '_>,
    chain: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), String> {
    let mut archive = ::tar::Archive::new(Cursor::new(bytes));
    let entries = archive
        .entries()
        .map_err(|e| format!("not a readable tar archive: {e}"))?;
    for entry in entries {
        if w.stopped {
            break;
        }
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let why = format!("the rest of the archive cannot be read: {e}");
                w.not_scanned(chain, Why::Unreadable(why));
                break;
            }
        };
        let kind = entry.header().entry_type();
        if !(kind.is_file() || kind.is_contiguous() || kind.is_gnu_sparse()) {
            continue;
        }
        let name = label(&entry.path_bytes());
        let inner = join(chain, &name);
        if !w.count_entry(&inner) {
            continue;
        }
        let start = entry.raw_file_position();
        let size = entry.size();
        let end = start.saturating_add(size);
        if end > bytes.len() as u64 {
            w.not_scanned(
                &inner,
                Why::Unreadable("truncated: the archive ends inside it".into()),
            );
            break;
        }
        if size > w.limits.entry {
            let why = format!("over the size limit of {} bytes", w.limits.entry);
            w.not_scanned(&inner, Why::Limit(why));
            continue;
        }
        let data = &bytes[start as usize..end as usize];
        w.child(&inner, &name, data, depth);
    }
    Ok(())
}
