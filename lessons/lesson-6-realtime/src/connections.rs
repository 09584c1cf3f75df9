//! How many WebSockets each user holds open on this instance. A live connection is cheap to
//! open and costs the server for as long as it lasts (a task, a socket, a receiver of every
//! announcement); the server's own limit on connections (`MAX_CONNECTIONS`, Lesson 5) counts
//! it for as long as it is open and is shared by everyone, so one account opening thousands would
//! take every place. [`Connections::admit`]
//! gives a user a place, up to a limit, before the upgrade; the place is given back when the
//! [`Admission`] it returns is dropped, however the connection ends.

// BEGIN EXERCISE 6.4
/// The users with live connections, and how many each has open. Cloned into every handler;
/// the clones must share one count.
#[derive(Clone)]
pub struct Connections;

/// One connection's place, held for as long as the connection lasts: dropping it gives the place
/// back.
pub struct Admission;

impl Connections {
    /// At most `per_user` connections open at once for any one user.
    pub fn new(per_user: usize) -> Self {
        let _ = per_user;
        Self
    }

    /// A place for one more connection of `user`, or `None` if they hold `per_user` already.
    pub fn admit(&self, user: i64) -> Option<Admission> {
        let _ = user;
        todo!("exercise 6.4: a place for one more connection of this user, given back when dropped")
    }
}
// END EXERCISE 6.4
