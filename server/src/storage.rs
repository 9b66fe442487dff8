//! Files (expense documents, later application attachments) behind one
//! interface, `object_store`: a local directory by default, S3-compatible
//! object storage when `LEGAMI_S3_BUCKET` is set (credentials and endpoint
//! from the usual `AWS_*` variables). Several servers share files through
//! S3; with the local directory they must share the data directory.

use object_store::path::Path;
use object_store::{ObjectStore, PutPayload};
use rand::RngCore;
use shared::ApiError;
use std::sync::Arc;

#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
}

impl Storage {
    pub fn local(dir: &std::path::Path) -> anyhow::Result<Storage> {
        std::fs::create_dir_all(dir)?;
        Ok(Storage { store: Arc::new(object_store::local::LocalFileSystem::new_with_prefix(dir)?) })
    }

    pub fn from_config(config: &crate::config::Config) -> anyhow::Result<Storage> {
        match &config.s3_bucket {
            Some(bucket) => {
                let s3 = object_store::aws::AmazonS3Builder::from_env().with_bucket_name(bucket).build()?;
                Ok(Storage { store: Arc::new(s3) })
            }
            None => Storage::local(&config.data_dir.join("files")),
        }
    }

    /// Stores `bytes` under a new random name in `folder`; returns the key.
    pub async fn put_new(&self, folder: &str, extension: &str, bytes: Vec<u8>) -> Result<String, ApiError> {
        let mut b = [0u8; 16];
        rand::rngs::OsRng.fill_bytes(&mut b);
        let key = format!("{folder}/{}.{extension}", hex::encode(b));
        self.store.put(&Path::from(key.as_str()), PutPayload::from(bytes)).await.map_err(|e| {
            tracing::error!(error = %e, "storage put");
            ApiError::Unavailable
        })?;
        Ok(key)
    }

    /// Removes a stored file; a file already gone is not an error.
    pub async fn delete(&self, key: &str) -> Result<(), ApiError> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => {
                tracing::error!(error = %e, "storage delete");
                Err(ApiError::Unavailable)
            }
        }
    }

    pub async fn get(&self, key: &str) -> Result<Vec<u8>, ApiError> {
        let got = self.store.get(&Path::from(key)).await.map_err(|e| match e {
            object_store::Error::NotFound { .. } => ApiError::NotFound,
            e => {
                tracing::error!(error = %e, "storage get");
                ApiError::Unavailable
            }
        })?;
        let bytes = got.bytes().await.map_err(|_| ApiError::Unavailable)?;
        Ok(bytes.to_vec())
    }
}
