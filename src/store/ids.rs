//! How a [`Snowflake`] is stored: in a signed 64-bit column (`bigint` on PostgreSQL,
//! `integer` on SQLite), the same 64 bits read as signed. Ids above `i64::MAX` are stored as
//! negative numbers and come back unchanged (0 is [`Snowflake::NOBODY`]).
//! Both backends bind and decode `Snowflake` directly.

use sqlx::{
    Database, Decode, Encode, Type,
    encode::IsNull,
    error::BoxDynError,
    postgres::{PgHasArrayType, PgTypeInfo},
};

use crate::id::Snowflake;

impl<DB: Database> Type<DB> for Snowflake
where
    i64: Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <i64 as Type<DB>>::type_info()
    }

    fn compatible(ty: &DB::TypeInfo) -> bool {
        <i64 as Type<DB>>::compatible(ty)
    }
}

impl<'q, DB: Database> Encode<'q, DB> for Snowflake
where
    i64: Encode<'q, DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as Database>::ArgumentBuffer,
    ) -> Result<IsNull, BoxDynError> {
        self.get().cast_signed().encode_by_ref(buf)
    }

    fn size_hint(&self) -> usize {
        self.get().cast_signed().size_hint()
    }
}

impl<'r, DB: Database> Decode<'r, DB> for Snowflake
where
    i64: Decode<'r, DB>,
{
    fn decode(value: <DB as Database>::ValueRef<'r>) -> Result<Snowflake, BoxDynError> {
        let stored = <i64 as Decode<DB>>::decode(value)?;
        Ok(Snowflake::new(stored.cast_unsigned()))
    }
}

/// `bigint[]`, for the batch inserts that `unnest` arrays of ids.
impl PgHasArrayType for Snowflake {
    fn array_type_info() -> PgTypeInfo {
        <i64 as PgHasArrayType>::array_type_info()
    }
}
