//! The streams of a cursor-paginated operation's `pages()` and `items()`:
//! one type for every operation ([`Pages`], [`Items`]), driven by the
//! functions the generated code hands them.

use std::borrow::Cow;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use futures_util::Stream;

use super::error::Error;
use super::response::ResponseFuture;

/// Every page of a paginated request, one request each. The next page's
/// request is the last one with the cursor the page gives; the pages end
/// where a page gives none, or gives the cursor it was fetched with. An
/// error ends the stream with that error.
pub(crate) struct Pages<'a, R, T, E> {
    state: State<'a, R, T, E>,
    send: fn(R) -> ResponseFuture<'a, T, E>,
    cursor: fn(&mut R) -> &mut Option<Cow<'a, str>>,
    next_cursor: fn(&T) -> Option<String>,
}

enum State<'a, R, T, E> {
    /// The request for the next page, not sent yet.
    Next(R),
    /// A page's request, and its call on the way.
    Fetching(R, ResponseFuture<'a, T, E>),
    Done,
}

/// The pages of `request`: `send` makes a page's call, `cursor` is the
/// request's cursor parameter, `next_cursor` reads the next cursor from a
/// page.
pub(crate) fn pages<'a, R, T, E>(
    request: R,
    send: fn(R) -> ResponseFuture<'a, T, E>,
    cursor: fn(&mut R) -> &mut Option<Cow<'a, str>>,
    next_cursor: fn(&T) -> Option<String>,
) -> Pages<'a, R, T, E> {
    Pages {
        state: State::Next(request),
        send,
        cursor,
        next_cursor,
    }
}

impl<R: Clone + Unpin, T, E> Stream for Pages<'_, R, T, E> {
    type Item = Result<T, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            match std::mem::replace(&mut this.state, State::Done) {
                State::Next(request) => {
                    let call = (this.send)(request.clone());
                    this.state = State::Fetching(request, call);
                }
                State::Fetching(mut request, mut call) => {
                    let page = match Pin::new(&mut call).poll(cx) {
                        Poll::Pending => {
                            this.state = State::Fetching(request, call);
                            return Poll::Pending;
                        }
                        Poll::Ready(Err(e)) => return Poll::Ready(Some(Err(e))),
                        Poll::Ready(Ok(page)) => page,
                    };
                    if let Some(next) = (this.next_cursor)(&page) {
                        let cursor = (this.cursor)(&mut request);
                        if cursor.as_deref() != Some(next.as_str()) {
                            *cursor = Some(Cow::Owned(next));
                            this.state = State::Next(request);
                        }
                    }
                    return Poll::Ready(Some(Ok(page)));
                }
                State::Done => return Poll::Ready(None),
            }
        }
    }
}

/// Every item of every page of a [`Pages`] stream, in order.
pub(crate) struct Items<P, T, I> {
    pages: P,
    items_of: fn(T) -> Vec<I>,
    page: std::vec::IntoIter<I>,
}

/// The items of `pages`: `items_of` moves them out of a page.
pub(crate) fn items<P, T, I>(pages: P, items_of: fn(T) -> Vec<I>) -> Items<P, T, I> {
    Items {
        pages,
        items_of,
        page: Vec::new().into_iter(),
    }
}

impl<P, T, I, E> Stream for Items<P, T, I>
where
    P: Stream<Item = Result<T, Error<E>>> + Unpin,
    I: Unpin,
{
    type Item = Result<I, Error<E>>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.page.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.page = (this.items_of)(page).into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::runtime::Client;
    use crate::runtime::testing::{ApiErrorBody, client, get, requests};
    use futures_util::StreamExt;
    use wiremock::matchers::{method, path, query_param, query_param_is_missing};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    /// A paginated operation's request, as generated code has it.
    #[derive(Clone)]
    struct List<'a> {
        client: &'a Client,
        cursor: Option<Cow<'a, str>>,
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Page {
        items: Vec<u32>,
        next: Option<String>,
    }

    fn send(request: List<'_>) -> ResponseFuture<'_, Page, ApiErrorBody> {
        let mut call = get("/things".into());
        if let Some(cursor) = request.cursor.as_deref() {
            call.query("cursor", cursor.to_owned());
        }
        request.client.send(call, None)
    }

    fn list(client: &Client) -> Pages<'_, List<'_>, Page, ApiErrorBody> {
        let request = List {
            client,
            cursor: None,
        };
        pages(request, send, |r| &mut r.cursor, |page| page.next.clone())
    }

    async fn serve(server: &MockServer, cursor: Option<&str>, status: u16, body: &str) {
        let mock = Mock::given(method("GET")).and(path("/things"));
        let mock = match cursor {
            Some(cursor) => mock.and(query_param("cursor", cursor)),
            None => mock.and(query_param_is_missing("cursor")),
        };
        mock.respond_with(ResponseTemplate::new(status).set_body_string(body))
            .mount(server)
            .await;
    }

    #[tokio::test]
    async fn pages_follow_the_cursor_until_there_is_none() {
        let server = MockServer::start().await;
        serve(&server, None, 200, r#"{"items":[1,2],"next":"b"}"#).await;
        serve(&server, Some("b"), 200, r#"{"items":[3],"next":"c"}"#).await;
        serve(&server, Some("c"), 200, r#"{"items":[],"next":null}"#).await;
        let client = client(&server.uri());
        let pages: Vec<_> = list(&client).collect().await;
        let pages: Vec<Page> = pages.into_iter().map(|p| p.expect("a page")).collect();
        assert_eq!(pages.len(), 3);
        assert_eq!(pages[1].items, [3]);
        let items: Vec<u32> = items(list(&client), |page: Page| page.items)
            .map(|item| item.expect("an item"))
            .collect()
            .await;
        assert_eq!(items, [1, 2, 3]);
        assert_eq!(requests(&server).await.len(), 6);
    }

    #[tokio::test]
    async fn a_repeated_cursor_ends_the_pages() {
        let server = MockServer::start().await;
        serve(&server, None, 200, r#"{"items":[1],"next":"b"}"#).await;
        serve(&server, Some("b"), 200, r#"{"items":[2],"next":"b"}"#).await;
        let client = client(&server.uri());
        assert_eq!(list(&client).count().await, 2);
    }

    #[tokio::test]
    async fn an_error_ends_the_pages_and_the_items_with_it() {
        let server = MockServer::start().await;
        serve(&server, None, 200, r#"{"items":[1],"next":"b"}"#).await;
        serve(&server, Some("b"), 500, r#"{"code":"down"}"#).await;
        let client = client(&server.uri());
        let mut all = items(list(&client), |page: Page| page.items);
        assert_eq!(all.next().await.map(|item| item.ok()), Some(Some(1)));
        match all.next().await {
            Some(Err(Error::Api(e))) => assert_eq!(e.body.code, "down"),
            other => panic!("expected the API error, got {other:?}"),
        }
        assert!(all.next().await.is_none());
    }
}
