//! Tests of `shop::catalog::repo`.

use super::*;
use crate::shop::catalog::edit::{book_for_edit, delete_book, set_stock, update_book};
use crate::shop::test_db::seeded_pool;

fn titles(page: &BookPage) -> Vec<&str> {
    page.books.iter().map(|b| b.title.as_str()).collect()
}

#[tokio::test]
async fn seeding_happens_once() {
    let (pool, _dir) = seeded_pool().await;
    assert_eq!(seed_catalog(&pool, 2).await.unwrap(), 0, "second start imports nothing");
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM books")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert!(count >= 200);
}

#[tokio::test]
async fn full_text_search_ranks_titles_first_and_folds_accents() {
    let (pool, _dir) = seeded_pool().await;
    let search = |q: &str| BookQuery {
        q: Some(q.into()),
        ..BookQuery::default()
    };
    let page = search_ok(&pool, &search("frankenstein")).await;
    assert_eq!(titles(&page)[0], "Frankenstein; or, The Modern Prometheus");
    let page = search_ok(&pool, &search("antonia")).await;
    assert!(titles(&page).contains(&"My Ántonia"), "{:?}", titles(&page));
    let page = search_ok(&pool, &search("whale melv")).await;
    assert_eq!(titles(&page), ["Moby-Dick; or, The Whale"]);
    assert_eq!(
        search_ok(&pool, &search("\"unbalanced OR")).await.total,
        0,
        "no syntax error"
    );
}

/// The searches of issue 15's table: one- and two-character Japanese
/// fragments anywhere in a title or author, and romanized author names.
#[tokio::test]
async fn japanese_fragments_and_romanized_names_find_their_books() {
    let (pool, _dir) = seeded_pool().await;
    let search = |q: &str| BookQuery {
        q: Some(q.into()),
        ..BookQuery::default()
    };
    let soseki = ["こゝろ", "吾輩は猫である", "坊っちゃん"];
    for (query, expected) in [
        ("吾輩", &["吾輩は猫である"][..]),
        ("猫", &["吾輩は猫である"][..]),
        ("ちゃん", &["坊っちゃん"][..]),
        ("漱石", &soseki[..]),
        ("soseki", &soseki[..]),
        ("natsume", &soseki[..]),
        ("Sōseki", &soseki[..]),
        ("ryunosuke", &["羅生門", "蜘蛛の糸"][..]),
        ("鷗外", &["舞姫", "高瀬舟"][..]),
    ] {
        let page = search_ok(&pool, &search(query)).await;
        let mut found = titles(&page);
        found.sort_unstable();
        let mut expected = expected.to_vec();
        expected.sort_unstable();
        assert_eq!(found, expected, "{query}");
    }
    // Fragments and words together; the title match ranks first.
    let page = search_ok(&pool, &search("猫 natsume")).await;
    assert_eq!(titles(&page), ["吾輩は猫である"]);
    let page = search_ok(&pool, &search("門")).await;
    assert_eq!(titles(&page), ["羅生門"]);
    assert_eq!(search_ok(&pool, &search("猫犬")).await.total, 0);
}

#[tokio::test]
async fn an_older_search_index_is_rebuilt_with_the_readings() {
    let (pool, _dir) = seeded_pool().await;
    let search = BookQuery {
        q: Some("soseki".into()),
        ..BookQuery::default()
    };
    assert_eq!(search_ok(&pool, &search).await.total, 3);
    assert_eq!(
        crate::shop::catalog::reindex::refresh_search_index(&pool)
            .await
            .unwrap(),
        0,
        "up to date"
    );
    // As a database indexed before readings existed: 夏目漱石 without them.
    let mut conn = pool.acquire().await.unwrap();
    let id: i64 = sqlx::query_scalar("SELECT id FROM books WHERE title = $1")
        .bind("坊っちゃん")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    crate::shop::catalog::search::unindex(&mut conn, id).await.unwrap();
    let authors = vec!["".to_string()];
    let entry = crate::shop::catalog::search::SearchEntry {
        title: "坊っちゃん",
        authors: &authors,
        subjects: &[],
        description: "",
    };
    crate::shop::catalog::search::index(&mut conn, id, entry).await.unwrap();
    sqlx::query("UPDATE shop_meta SET value = '1' WHERE key = 'search_index'")
        .execute(&mut *conn)
        .await
        .unwrap();
    drop(conn);
    assert_eq!(search_ok(&pool, &search).await.total, 2);
    assert!(
        crate::shop::catalog::reindex::refresh_search_index(&pool)
            .await
            .unwrap()
            >= 300
    );
    assert_eq!(search_ok(&pool, &search).await.total, 3);
}

#[tokio::test]
async fn filters_combine_and_pages_do_not_overlap() {
    let (pool, _dir) = seeded_pool().await;
    let query = BookQuery {
        author: Some("Jane Austen".into()),
        sort: Sort::YearAsc,
        ..BookQuery::default()
    };
    let page = search_ok(&pool, &query).await;
    assert_eq!(page.total, 6);
    assert_eq!(titles(&page)[0], "Sense and Sensibility");
    let query = BookQuery {
        subject: Some("Science Fiction".into()),
        language: Some("fr".into()),
        year_from: Some(1865),
        year_to: Some(1870),
        ..BookQuery::default()
    };
    let page = search_ok(&pool, &query).await;
    assert_eq!(
        titles(&page),
        ["De la Terre à la Lune", "Vingt mille lieues sous les mers"]
    );
    let first = search_ok(&pool, &BookQuery::default()).await;
    let second = search_ok(&pool, &BookQuery::default().with_page(2)).await;
    assert_eq!(first.books.len(), PER_PAGE as usize);
    assert!(first.books.iter().all(|b| !second.books.contains(b)));
    let facets = facets(&pool).await.unwrap();
    assert!(facets.languages.iter().any(|l| l.value == "ja"));
    assert!(facets.authors.iter().any(|a| a.value == "Jane Austen" && a.count == 6));
}

#[tokio::test]
async fn a_book_page_has_its_subjects() {
    let (pool, _dir) = seeded_pool().await;
    let page = search_ok(
        &pool,
        &BookQuery {
            q: Some("Federalist".into()),
            ..BookQuery::default()
        },
    )
    .await;
    let book = get_book(&pool, page.books[0].id).await.unwrap().unwrap();
    assert_eq!(
        book.summary.authors,
        ["Alexander Hamilton", "James Madison", "John Jay"]
    );
    assert_eq!(book.subjects, ["History", "Politics"]);
    assert!(get_book(&pool, 999_999).await.unwrap().is_none());
}

#[tokio::test]
async fn staff_edits_reach_search_and_removals_keep_past_orders() {
    let (pool, _dir) = seeded_pool().await;
    let id = crate::shop::test_db::book_id(&pool, "Emma").await;
    let mut book = book_for_edit(&pool, id).await.unwrap().unwrap();
    book.title = "Emma: The Winter Edition".into();
    book.subjects = vec!["Comedy".into()];
    assert!(update_book(&pool, id, &book).await.unwrap());
    let found = search_ok(
        &pool,
        &BookQuery {
            q: Some("winter emma".into()),
            ..BookQuery::default()
        },
    )
    .await;
    assert_eq!(titles(&found), ["Emma: The Winter Edition"]);
    let by_subject = search_ok(
        &pool,
        &BookQuery {
            subject: Some("Comedy".into()),
            ..BookQuery::default()
        },
    )
    .await;
    assert_eq!(by_subject.total, 1);
    assert!(set_stock(&pool, id, 42).await.unwrap());
    assert_eq!(get_book(&pool, id).await.unwrap().unwrap().summary.stock, 42);

    assert!(delete_book(&pool, id).await.unwrap());
    assert!(get_book(&pool, id).await.unwrap().is_none());
    assert_eq!(
        search_ok(
            &pool,
            &BookQuery {
                q: Some("winter emma".into()),
                ..BookQuery::default()
            }
        )
        .await
        .total,
        0
    );
    assert!(!delete_book(&pool, id).await.unwrap());
    assert!(!update_book(&pool, id, &book).await.unwrap());
}

async fn search_ok(pool: &AnyPool, query: &BookQuery) -> BookPage {
    search(pool, query).await.expect("search runs")
}

/// `unaccent` turns some letters back into query syntax (`ʼ` → `'`, `ː` →
/// `:`, `⑴` → `(1)`); cleaning happens after it, so these search like text.
#[tokio::test]
async fn letters_that_unaccent_turns_into_syntax_are_searched_as_text() {
    let (pool, _dir) = seeded_pool().await;
    for q in ["dʼartagnan", "aː", "⑴", "ʼ", "ͅ", "moby ʼ dick", "O'Brien\\", "\\\\"] {
        let query = BookQuery {
            q: Some(q.into()),
            ..BookQuery::default()
        };
        search(&pool, &query).await.unwrap_or_else(|err| panic!("{q:?}: {err}"));
    }
}

/// Whatever a visitor types into the search box, the search runs: a result
/// or none, never an error (which would be a 500). Cases per run:
/// `PROPTEST_CASES` (scripts/test sets it), else 64.
#[test]
fn any_search_text_runs_without_error() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (pool, _dir) = runtime.block_on(seeded_pool());
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64);
    let mut runner = TestRunner::new(Config::with_cases(cases));
    let text = prop_oneof![any::<String>(), "[ʼː⑴'\"&|!():*<>\\\\ a-zÀ-ÿ吾輩猫ͅ-]{0,24}",];
    runner
        .run(&text, |q| {
            let query = BookQuery {
                q: Some(q.clone()),
                ..BookQuery::default()
            };
            let result = runtime.block_on(search(&pool, &query));
            prop_assert!(result.is_ok(), "{q:?}: {:?}", result.err());
            Ok(())
        })
        .unwrap();
}
