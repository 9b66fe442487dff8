//! A query whose conditions depend on the filters that are set. sqlx's
//! `QueryBuilder` writes `?` placeholders for the `Any` driver, which
//! PostgreSQL does not read, so this numbers `$n` itself.

use sqlx::any::AnyArguments;
use sqlx::query::Query;
use sqlx::Any;

pub enum Arg {
    Int(i64),
    Float(f64),
    Text(String),
}

#[derive(Default)]
pub struct Sql {
    pub text: String,
    args: Vec<Arg>,
}

impl Sql {
    pub fn new(text: &str) -> Sql {
        Sql { text: text.to_owned(), args: Vec::new() }
    }

    /// Adds a value and returns its placeholder.
    pub fn arg(&mut self, value: Arg) -> String {
        self.args.push(value);
        format!("${}", self.args.len())
    }

    pub fn push(&mut self, text: &str) {
        self.text.push_str(text);
    }

    /// The statement inside another (as a subquery), its values kept.
    pub fn wrap(mut self, before: &str, after: &str) -> Sql {
        self.text = format!("{before}{}{after}", self.text);
        self
    }

    pub fn query(&self) -> Query<'_, Any, AnyArguments<'_>> {
        self.args.iter().fold(sqlx::query(&self.text), |q, a| match a {
            Arg::Int(v) => q.bind(*v),
            Arg::Float(v) => q.bind(*v),
            Arg::Text(v) => q.bind(v.as_str()),
        })
    }
}
