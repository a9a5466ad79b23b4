//! Pictures for organizations and contests. The domain checks the upload (`domain::image`); this
//! decodes it within limits, off the async threads, makes the slot's picture (a 256 px square logo
//! as PNG, a 1,200 × 630 cover as JPEG, cropped to fill), names it by its content's hash and keeps
//! it in the data directory's `pictures/`, where `GET /pictures/{name}` serves it for a year.
//! Only an organization's managers change its pictures.

use std::io::Cursor;
use std::path::PathBuf;

use ideaforge_domain::image::{self as rules, ImageFormat, Slot};
use ideaforge_domain::{ContestId, Invalid, User};
use image::imageops::FilterType;
use sha2::{Digest, Sha256};

use crate::ideas::IdeasError;
use crate::{App, Internal};

/// The field an upload's refusal is reported on.
pub const FIELD: &str = "picture";

impl App {
    /// Where pictures are kept (`<data-dir>/pictures`); set once, at start.
    pub fn set_pictures_dir(&self, dir: PathBuf) {
        let _ = self.pictures_dir.set(dir);
    }

    /// Sets an organization's logo; its managers only.
    pub async fn set_org_logo(&self, actor: &User, slug: &str, bytes: Vec<u8>) -> Result<(), IdeasError> {
        self.check_org_manager(actor, slug).await?;
        let org = self.org_by_slug(slug).await?;
        self.keep_picture(actor, &format!("org:{}", org.id), Slot::OrgLogo, bytes).await
    }

    /// Whether `actor` manages the contest's organization: asked before an upload is read.
    pub async fn check_contest_manager(&self, actor: &User, id: ContestId) -> Result<(), IdeasError> {
        let contest = self.visible_contest(Some(actor), id).await?;
        if self.manages(Some(actor), &contest).await? { Ok(()) } else { Err(IdeasError::Forbidden) }
    }

    /// Sets a contest's cover; its organization's managers only.
    pub async fn set_contest_cover(&self, actor: &User, id: ContestId, bytes: Vec<u8>) -> Result<(), IdeasError> {
        self.check_contest_manager(actor, id).await?;
        self.keep_picture(actor, &format!("contest:{id}"), Slot::ContestCover, bytes).await
    }

    /// The file name of the picture a subject (`org:3`, `contest:5`) shows, if any.
    pub async fn picture_of(&self, subject: &str) -> Result<Option<String>, IdeasError> {
        Ok(self.store.picture(subject).await?)
    }

    /// A kept picture's bytes and media type; `None` for a name this site never gives.
    pub async fn picture_file(&self, name: &str) -> Option<(Vec<u8>, &'static str)> {
        if !rules::is_picture_name(name) {
            return None;
        }
        let media = if name.ends_with(".png") { ImageFormat::Png } else { ImageFormat::Jpeg }.media_type();
        let path = self.pictures_dir.get()?.join(name);
        tokio::fs::read(path).await.ok().map(|bytes| (bytes, media))
    }

    async fn keep_picture(&self, actor: &User, subject: &str, slot: Slot, bytes: Vec<u8>) -> Result<(), IdeasError> {
        let format = rules::sniff(&bytes).map_err(|why| crate::ideas::invalid(FIELD, why))?;
        let made = tokio::task::spawn_blocking(move || make(slot, format, &bytes))
            .await
            .map_err(|e| IdeasError::Internal(Internal::new(e)))?
            .map_err(|why| crate::ideas::invalid(FIELD, why))?;
        let digest = Sha256::digest(&made);
        let hash: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
        let name = format!("{hash}-{}.{}", slot.as_str(), slot.output().extension());
        let unset = || IdeasError::Internal(Internal::new(std::io::Error::other("no pictures directory is set")));
        let dir = self.pictures_dir.get().ok_or_else(unset)?.clone();
        // Written under a temporary name and renamed: a reader never sees half a file.
        let file = dir.join(&name);
        let partial = dir.join(format!(".{name}.part"));
        let written = async {
            tokio::fs::create_dir_all(&dir).await?;
            tokio::fs::write(&partial, &made).await?;
            tokio::fs::rename(&partial, &file).await
        };
        written.await.map_err(|e| IdeasError::Internal(Internal::new(e)))?;
        self.store.set_picture(subject, &name, actor.id, self.clock.now()).await?;
        Ok(())
    }
}

/// Decodes an upload (at most [`rules::SIDES`] a side, 256 MiB of pixels) and makes the slot's
/// picture of it.
fn make(slot: Slot, format: ImageFormat, bytes: &[u8]) -> Result<Vec<u8>, Invalid> {
    let (_, max) = rules::SIDES;
    let mut reader = image::ImageReader::new(Cursor::new(bytes));
    reader.set_format(match format {
        ImageFormat::Png => image::ImageFormat::Png,
        ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        ImageFormat::Webp => image::ImageFormat::WebP,
    });
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(max);
    limits.max_image_height = Some(max);
    limits.max_alloc = Some(256 * 1024 * 1024);
    reader.limits(limits);
    let decoded = reader.decode().map_err(|e| match e {
        image::ImageError::Limits(_) => Invalid::OutOfRange { min: i64::from(rules::SIDES.0), max: i64::from(max) },
        _ => Invalid::Malformed,
    })?;
    rules::check_size(decoded.width(), decoded.height())?;
    let (width, height) = slot.size();
    let picture = decoded.resize_to_fill(width, height, FilterType::Triangle);
    let mut out = Cursor::new(Vec::new());
    let encoded = match slot.output() {
        ImageFormat::Jpeg => {
            image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 82).encode_image(&picture.to_rgb8())
        }
        _ => picture.write_to(&mut out, image::ImageFormat::Png),
    };
    encoded.map_err(|_| Invalid::Malformed)?;
    Ok(out.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let mut out = Cursor::new(Vec::new());
        image::RgbImage::from_pixel(width, height, image::Rgb([200, 80, 20]))
            .write_to(&mut out, image::ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    #[test]
    fn uploads_become_the_slots_picture_or_are_refused() {
        let cover = make(Slot::ContestCover, ImageFormat::Png, &png(800, 600)).expect("cover");
        let read = image::load_from_memory(&cover).expect("a picture");
        assert_eq!((read.width(), read.height()), (1_200, 630));
        assert!(cover.starts_with(&[0xFF, 0xD8, 0xFF]), "covers are JPEG");
        let logo = make(Slot::OrgLogo, ImageFormat::Png, &png(300, 100)).expect("logo");
        assert_eq!(image::load_from_memory(&logo).map(|i| (i.width(), i.height())).ok(), Some((256, 256)));
        assert!(matches!(make(Slot::OrgLogo, ImageFormat::Png, &png(20, 20)), Err(Invalid::OutOfRange { .. })));
        let truncated = &png(300, 300)[..60];
        assert_eq!(make(Slot::OrgLogo, ImageFormat::Png, truncated), Err(Invalid::Malformed));
    }
}
