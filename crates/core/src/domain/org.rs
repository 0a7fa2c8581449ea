//! The places work happens in: a team's (中队) grids (网格), each an area patrols cover and
//! complaints are placed in.

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Grid {
    /// Stable code, e.g. QX01-03.
    pub code: String,
    pub name: String,
    /// The team responsible.
    pub team: String,
    /// The road segment it follows, if it is drawn along one.
    pub road: String,
    /// Landmarks officers know it by.
    pub landmarks: String,
}
