// The watch page's one script. It signs in (or takes ?token= from the address), then follows one
// article's comments over an EventSource and a WebSocket side by side, and posts comments through
// the API. What each transport is doing is written on the page and in <body data-sse data-ws>,
// which the course's browser check reads.
"use strict";

const $ = (id) => document.getElementById(id);
let token = null;
let source = null;
let socket = null;

function state(transport, text) {
  $(`${transport}-state`).textContent = text;
  document.body.dataset[transport] = text;
}

function show(list, comment) {
  const item = document.createElement("li");
  item.dataset.id = comment.id;
  item.textContent = `${comment.author.username}: ${comment.body}`;
  $(list).append(item);
}

async function signIn(email, password) {
  const answer = await fetch("/api/users/login", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ user: { email, password } }),
  });
  if (!answer.ok) throw new Error(`sign-in refused (${answer.status})`);
  return (await answer.json()).user.token;
}

function watch(slug) {
  source?.close();
  socket?.close();
  $("sse").replaceChildren();
  $("ws").replaceChildren();
  const article = encodeURIComponent(slug);

  // One article, one way: the browser reconnects by itself and sends Last-Event-ID.
  source = new EventSource(`/api/articles/${article}/comments/live`);
  source.onopen = () => state("sse", "open");
  source.onerror = () =>
    state("sse", source.readyState === EventSource.CLOSED ? "closed" : "reconnecting");
  source.addEventListener("comment", (event) => show("sse", JSON.parse(event.data)));

  // Any number of articles, both ways: the token goes in the address, since a browser's
  // WebSocket cannot send an Authorization header.
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  socket = new WebSocket(`${scheme}://${location.host}/api/live?token=${encodeURIComponent(token)}`);
  socket.onopen = () => {
    state("ws", "open");
    socket.send(JSON.stringify({ subscribe: slug }));
  };
  socket.onmessage = (event) => {
    const message = JSON.parse(event.data);
    if (message.comment) show("ws", message.comment);
    else if (message.subscribed) state("ws", "subscribed");
    else if (message.error) state("ws", `error: ${message.error}`);
  };
  socket.onclose = (event) =>
    state("ws", `closed (${event.code}${event.reason ? `: ${event.reason}` : ""})`);
}

async function post(slug, body) {
  const answer = await fetch(`/api/articles/${encodeURIComponent(slug)}/comments`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Token ${token}` },
    body: JSON.stringify({ comment: { body } }),
  });
  $("send-state").textContent = answer.ok ? "posted" : `refused (${answer.status})`;
}

document.addEventListener("DOMContentLoaded", () => {
  const query = new URLSearchParams(location.search);
  token = query.get("token");
  $("slug").value = query.get("slug") ?? "";
  $("watch").addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      if ($("email").value) token = await signIn($("email").value, $("password").value);
      if (!token) throw new Error("sign in first");
      watch($("slug").value.trim());
    } catch (error) {
      state("ws", error.message);
    }
  });
  $("send").addEventListener("submit", (event) => {
    event.preventDefault();
    post($("slug").value.trim(), $("body").value);
    $("body").value = "";
  });
  if (token && $("slug").value) watch($("slug").value.trim());
});
