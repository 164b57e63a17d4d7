//! Small helpers shared by the git sources: commit metadata, dates, paths.

use std::sync::Arc;

use super::CommitMeta;

/// RFC 3339 date of a git time (seconds since the epoch and an offset in minutes).
pub fn rfc3339(time: git2::Time) -> String {
    let offset = time.offset_minutes() as i64;
    let sign = if offset < 0 { '-' } else { '+' };
    format!(
        "{}{sign}{:02}:{:02}",
        crate::time::iso8601(time.seconds() + offset * 60),
        offset.abs() / 60,
        offset.abs() % 60
    )
}

/// The metadata a finding carries for the commit that introduced it.
pub fn commit_meta(commit: &git2::Commit, in_head: bool) -> Arc<CommitMeta> {
    let author = commit.author();
    Arc::new(CommitMeta {
        commit: commit.id().to_string(),
        author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
        email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
        date: rfc3339(author.when()),
        in_head,
    })
}

/// A git path (bytes) as reported: lossless text (see [`super::path::text`]).
pub fn path_string(bytes: &[u8]) -> String {
    super::path::text(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(rfc3339(git2::Time::new(0, 0)), "1970-01-01T00:00:00+00:00");
        assert_eq!(
            rfc3339(git2::Time::new(1_700_000_000, 60)),
            "2023-11-14T23:13:20+01:00"
        );
        assert_eq!(
            rfc3339(git2::Time::new(951_782_400, -300)),
            "2000-02-28T19:00:00-05:00"
        );
    }
}
