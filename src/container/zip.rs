//! Zip archives and their kinds (jar, war, ear, apk, whl, nupkg, docx/xlsx/pptx, odt/ods/odp, ...),
//! read from memory through the `zip` crate. Office and OpenDocument files are zips of XML parts:
//! the parts are scanned as the text they are.

use std::io::Cursor;

use super::{Walker, Why, join, label};

pub(super) fn walk(
    w: &mut Walker<'_, '_>,
    chain: &str,
    bytes: &[u8],
    depth: u32,
) -> Result<(), String> {
    let mut archive = ::zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not a readable zip archive: {e}"))?;
    for i in 0..archive.len() {
        if w.stopped {
            break;
        }
        let fallback = archive
            .name_for_index(i)
            .map(|n| join(chain, n))
            .unwrap_or_else(|| join(chain, &format!("#{i}")));
        let file = match archive.by_index(i) {
            Ok(f) => f,
            Err(e) => {
                let name = fallback;
                if w.count_entry(&name) {
                    w.not_scanned(&name, Why::Unreadable(format!("cannot be read: {e}")));
                }
                continue;
            }
        };
        let name = label(file.name_raw());
        let inner = join(chain, &name);
        if file.is_dir() || !w.count_entry(&inner) {
            continue;
        }
        let compressed = file.compressed_size();
        let Some(data) = w.read(&inner, file, compressed, true) else {
            continue;
        };
        w.child(&inner, &name, &data, depth);
    }
    Ok(())
}
