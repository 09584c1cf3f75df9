//! A request described once, so a failing test can show the learner exactly what it sent.

use std::fmt;

use axum::body::Body;
use axum::http::{Method, Request, header};

#[derive(Debug, Clone)]
pub struct Req {
    method: Method,
    uri: String,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Req {
    pub fn new(method: Method, uri: &str) -> Self {
        Self {
            method,
            uri: uri.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    pub fn get(uri: &str) -> Self {
        Self::new(Method::GET, uri)
    }

    pub fn post(uri: &str) -> Self {
        Self::new(Method::POST, uri)
    }

    pub fn put(uri: &str) -> Self {
        Self::new(Method::PUT, uri)
    }

    pub fn delete(uri: &str) -> Self {
        Self::new(Method::DELETE, uri)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    /// A JSON body with `content-type: application/json`.
    pub fn json(self, value: &serde_json::Value) -> Self {
        self.raw_body("application/json", value.to_string())
    }

    /// Any body with any content type, for sending what a well-behaved client would not.
    pub fn raw_body(mut self, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self.header(header::CONTENT_TYPE.as_str(), content_type)
    }

    pub fn method(&self) -> &Method {
        &self.method
    }

    pub(crate) fn into_reqwest(
        self,
        client: &reqwest::Client,
        base: &str,
    ) -> reqwest::RequestBuilder {
        let mut builder = client.request(self.method, format!("{base}{}", self.uri));
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        builder.body(self.body)
    }

    pub(crate) fn into_http(self) -> Request<Body> {
        let mut builder = Request::builder().method(self.method).uri(self.uri);
        for (name, value) in self.headers {
            builder = builder.header(name, value);
        }
        builder
            .body(Body::from(self.body))
            .expect("the test's own request is well-formed")
    }
}

impl fmt::Display for Req {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.uri)?;
        for (name, value) in &self.headers {
            write!(f, "\n             {name}: {value}")?;
        }
        if !self.body.is_empty() {
            write!(f, "\n             {}", String::from_utf8_lossy(&self.body))?;
        }
        Ok(())
    }
}
