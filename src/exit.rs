//! Exit codes: the contract a CI gate relies on, in one place.

/// `0` no findings, `1` findings, `2` an error. An error always beats findings, so that a scan that could
/// not read everything is never reported as clean, nor as a plain "findings" result.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Exit {
    Clean = 0,
    Findings = 1,
    Error = 2,
    /// `hush audit` only: a target failed for good (the repository is gone, not a repository, or
    /// corrupt): running the shard again would fail the same way. `EX_DATAERR` of sysexits.h.
    Permanent = 65,
    /// `hush audit` only: a target failed in a way that may pass next time (network, timeout, a
    /// kill): run the shard again; targets already done are skipped. `EX_TEMPFAIL` of sysexits.h.
    Retry = 75,
}

impl Exit {
    /// The combined outcome of two parts of a run.
    pub fn merge(self, other: Exit) -> Exit {
        self.max(other)
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e as u8)
    }
}

#[cfg(test)]
mod tests {
    use super::Exit;

    #[test]
    fn errors_beat_findings_beat_clean() {
        assert_eq!(Exit::Clean.merge(Exit::Findings), Exit::Findings);
        assert_eq!(Exit::Findings.merge(Exit::Error), Exit::Error);
        assert_eq!(Exit::Error.merge(Exit::Clean), Exit::Error);
        assert_eq!(Exit::Clean as u8, 0);
        assert_eq!(Exit::Findings as u8, 1);
        assert_eq!(Exit::Error as u8, 2);
        assert_eq!(Exit::Permanent as u8, 65);
        assert_eq!(Exit::Retry as u8, 75);
        assert_eq!(Exit::Permanent.merge(Exit::Retry), Exit::Retry);
    }
}

/// An error that must stop the run before scanning: exit 2 with this message.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(pub String);
