//! The application state every handler can reach through the `State` extractor.

use std::collections::BTreeMap;
use std::sync::Arc;

use tokio::sync::RwLock;

use crate::model::{Bookmark, NewBookmark};

// ANCHOR: state
/// Cheap to clone: axum clones the state for every request, so it holds an `Arc` to the shared
/// store. A tokio `RwLock` lets many requests read at once and is never poisoned by a panic.
#[derive(Clone, Default)]
pub struct AppState {
    pub store: Arc<RwLock<Store>>,
}
// ANCHOR_END: state

/// The bookmarks, keyed by id. Lesson 4 replaces it with PostgreSQL.
#[derive(Debug, Default)]
pub struct Store {
    bookmarks: BTreeMap<u64, Bookmark>,
    last_id: u64,
}

impl Store {
    pub fn insert(&mut self, new: NewBookmark) -> Bookmark {
        self.last_id += 1;
        let bookmark = Bookmark {
            id: self.last_id,
            url: new.url,
            title: new.title.trim().to_owned(),
            tags: new.tags,
        };
        self.bookmarks.insert(bookmark.id, bookmark.clone());
        bookmark
    }

    pub fn get(&self, id: u64) -> Option<&Bookmark> {
        self.bookmarks.get(&id)
    }

    pub fn remove(&mut self, id: u64) -> Option<Bookmark> {
        self.bookmarks.remove(&id)
    }

    pub fn find_by_url(&self, url: &str) -> Option<&Bookmark> {
        self.bookmarks.values().find(|bookmark| bookmark.url == url)
    }

    /// Oldest first.
    pub fn all(&self) -> impl Iterator<Item = &Bookmark> {
        self.bookmarks.values()
    }
}
