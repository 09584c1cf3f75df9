//! How many WebSockets each user holds open on this instance. A live connection is cheap to
//! open and costs the server for as long as it lasts (a task, a socket, a receiver of every
//! announcement); the server's own limit on connections (`MAX_CONNECTIONS`, Lesson 5) counts
//! it for as long as it is open and is shared by everyone, so one account opening thousands would
//! take every place. [`Connections::admit`]
//! gives a user a place, up to a limit, before the upgrade; the place is given back when the
//! [`Admission`] it returns is dropped, however the connection ends.

// BEGIN EXERCISE 6.4
use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};

/// The users with live connections, and how many each has open. Cloned into every handler;
/// the clones share one count.
#[derive(Clone)]
pub struct Connections {
    per_user: usize,
    open: Arc<Mutex<HashMap<i64, usize>>>,
}

/// One connection's place, held for as long as the connection lasts: dropping it gives the place
/// back. It is the value, not a call at the connection's end, that keeps the count true: a session
/// ends by the client leaving, a broken network, a lag, a silence or a panic, and an upgrade can
/// fail before the session starts at all, and in each case whatever holds the admission is
/// dropped.
pub struct Admission {
    user: i64,
    open: Arc<Mutex<HashMap<i64, usize>>>,
}

impl Connections {
    /// At most `per_user` connections open at once for any one user.
    pub fn new(per_user: usize) -> Self {
        Self {
            per_user,
            open: Arc::default(),
        }
    }

    /// A place for one more connection of `user`, or `None` if they hold `per_user` already.
    /// Counting and checking happen under one lock: two handshakes at once cannot both take
    /// the last place.
    pub fn admit(&self, user: i64) -> Option<Admission> {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        let count = open.entry(user).or_default();
        if *count >= self.per_user {
            return None;
        }
        *count += 1;
        Some(Admission {
            user,
            open: Arc::clone(&self.open),
        })
    }
}

impl Drop for Admission {
    /// A user's last place given back removes them from the map: otherwise it would keep an entry
    /// for every user who ever connected, for as long as the server runs.
    fn drop(&mut self) {
        let mut open = self.open.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(count) = open.get_mut(&self.user) {
            *count -= 1;
            if *count == 0 {
                open.remove(&self.user);
            }
        }
    }
}
// END EXERCISE 6.4
