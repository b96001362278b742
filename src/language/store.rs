//! A customer's language, kept with the customer (provider, subject) so it
//! follows them to another browser: saved when they choose one while signed
//! in, and brought back at their next sign-in.

use sqlx::AnyPool;

use crate::language::{Locale, from_tag, tag};

/// The language a customer last chose, if any (an unknown stored tag, say
/// of a language since removed, is none).
pub async fn load(db: &AnyPool, provider: &str, subject: &str) -> Result<Option<Locale>, sqlx::Error> {
    let stored: Option<(String,)> =
        sqlx::query_as("SELECT language FROM customer_languages WHERE provider = $1 AND subject = $2")
            .bind(provider)
            .bind(subject)
            .fetch_optional(db)
            .await?;
    Ok(stored.and_then(|(language,)| from_tag(&language)))
}

/// Keeps a customer's choice (the latest one wins).
pub async fn save(db: &AnyPool, provider: &str, subject: &str, locale: Locale) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO customer_languages (provider, subject, language, chosen_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT (provider, subject) DO UPDATE SET language = excluded.language, chosen_at = excluded.chosen_at",
    )
    .bind(provider)
    .bind(subject)
    .bind(tag(locale))
    .bind(chrono::Utc::now().timestamp())
    .execute(db)
    .await?;
    Ok(())
}

/// At sign-in: the browser's explicit choice (its cookie), if it made one,
/// becomes the customer's; otherwise the customer's stored choice, if any,
/// is returned for the browser to remember.
pub async fn reconcile(
    db: &AnyPool,
    provider: &str,
    subject: &str,
    browser_choice: Option<Locale>,
) -> Result<Option<Locale>, sqlx::Error> {
    let stored = load(db, provider, subject).await?;
    match browser_choice {
        Some(choice) if stored != Some(choice) => {
            save(db, provider, subject, choice).await?;
            Ok(None)
        }
        Some(_) => Ok(None),
        None => Ok(stored),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale::{en, ja};

    #[tokio::test]
    async fn a_choice_follows_the_customer_and_the_latest_wins() {
        let (db, _dir) = crate::shop::test_db::seeded_pool().await;
        assert_eq!(load(&db, "logto", "u1").await.unwrap(), None);
        // A browser without a choice gets nothing to remember yet.
        assert_eq!(reconcile(&db, "logto", "u1", None).await.unwrap(), None);
        // A browser that chose Japanese makes it the customer's…
        assert_eq!(reconcile(&db, "logto", "u1", Some(ja)).await.unwrap(), None);
        assert_eq!(load(&db, "logto", "u1").await.unwrap(), Some(ja));
        // …and another browser without a choice is told to speak it.
        assert_eq!(reconcile(&db, "logto", "u1", None).await.unwrap(), Some(ja));
        save(&db, "logto", "u1", en).await.unwrap();
        assert_eq!(load(&db, "logto", "u1").await.unwrap(), Some(en));
        assert_eq!(
            load(&db, "other", "u1").await.unwrap(),
            None,
            "a subject is per provider"
        );
    }
}
