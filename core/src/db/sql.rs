//! A query assembled from pieces, with `$1, $2, …` placeholders numbered as
//! values are bound. sqlx's own `QueryBuilder` writes `?` for the `Any`
//! driver, which PostgreSQL does not accept; `$N` works on both backends.

use std::fmt::Write;

use sqlx::any::AnyArguments;
use sqlx::{Any, Arguments, Encode, Type};

#[derive(Default)]
pub struct Sql<'q> {
    text: String,
    args: AnyArguments<'q>,
    bound: usize,
    error: Option<String>,
}

impl<'q> Sql<'q> {
    pub fn new(text: impl Into<String>) -> Self {
        Sql {
            text: text.into(),
            ..Sql::default()
        }
    }

    pub fn push(&mut self, text: &str) -> &mut Self {
        self.text.push_str(text);
        self
    }

    /// Appends the next placeholder and binds `value` to it.
    pub fn push_bind<T>(&mut self, value: T) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        self.bound += 1;
        let _ = write!(self.text, "${}", self.bound);
        if let Err(err) = self.args.add(value)
            && self.error.is_none()
        {
            self.error = Some(err.to_string());
        }
        self
    }

    /// `a, b, c` as bound values (for `IN (…)`).
    pub fn push_list<T>(&mut self, values: impl IntoIterator<Item = T>) -> &mut Self
    where
        T: 'q + Encode<'q, Any> + Type<Any>,
    {
        for (i, value) in values.into_iter().enumerate() {
            if i > 0 {
                self.text.push_str(", ");
            }
            self.push_bind(value);
        }
        self
    }

    pub fn text(&self) -> &str {
        &self.text
    }

    /// The statement and its arguments, or the first value that could not be encoded.
    pub fn finish(self) -> Result<(String, AnyArguments<'q>), sqlx::Error> {
        match self.error {
            Some(message) => Err(sqlx::Error::Encode(message.into())),
            None => Ok((self.text, self.args)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_numbered_in_order() {
        let mut sql = Sql::new("SELECT 1 FROM t WHERE a = ");
        sql.push_bind(1_i64)
            .push(" AND b IN (")
            .push_list(["x".to_string(), "y".to_string()])
            .push(")");
        assert_eq!(sql.text(), "SELECT 1 FROM t WHERE a = $1 AND b IN ($2, $3)");
        let (_, args) = sql.finish().unwrap();
        assert_eq!(args.len(), 3);
    }
}
