//! The server's behaviour over HTTP against a real database (SQLite by
//! default, PostgreSQL when LEGAMI_TEST_POSTGRES is set). One test binary
//! for every feature: each linked binary costs hundreds of megabytes of
//! disk and a minute of linking on two cores.

mod common;

mod calls;
mod campaigns;
mod foundation;
mod labs;
mod payments;
mod privacy;
