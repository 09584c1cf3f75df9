//! The exercise tests of Lesson 6, compiled into both `lesson-6` (the starter) and `solution-6`.
//! Each test runs Conduit with its live routes on a real server over a fresh database of its own,
//! and reads them as a browser would: an event stream, a WebSocket.

mod support;

mod ex6_01_announcements;
mod ex6_02_event_stream;
mod ex6_03_last_event_id;
mod ex6_04_upgrade;
mod ex6_05_session;
mod ex6_06_slow_and_stopping;
