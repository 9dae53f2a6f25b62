//! The case key and the key file beside the case file.
//!
//! The case file is encrypted (SQLCipher) with one random 256-bit key. That key is
//! never stored as it is: the key file (`<case file>.keys`, JSON) holds it once per
//! user, sealed with XChaCha20-Poly1305 under a key derived from that user's
//! passphrase by Argon2id, and once more under the recovery key printed at set-up.
//! Adding, removing or re-keying a user rewrites only the key file. The user's name
//! and role are bound into each sealed copy, so editing them in the file breaks it.
//!
//! Over 600 lines because every way the key file changes (add, reset, re-key,
//! recover) must keep the same sealing rules, which are easier to keep in one file.

use std::path::{Path, PathBuf};

use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::rand_core::RngCore;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use serde::{Deserialize, Serialize};
use zeroize::{Zeroize, Zeroizing};

use sha2::{Digest, Sha256};

use super::{Error, Result};
use crate::domain::risk::Coded;
use crate::domain::users::{Role, User, check_new_passphrase, check_user_name, same_user};

/// Argon2id sized for an attacker with a copy of the key file and time: 64 MiB and
/// four passes, about a quarter of a second per sign-in on the unit's PC (measured in
/// BENCHMARKS.md). Each slot keeps its own settings, so older slots still open and
/// are sealed again with these at their owner's next sign-in.
const MEMORY_KIB: u32 = 65_536;
const ITERATIONS: u32 = 4;
const PARALLELISM: u32 = 1;

const FORMAT: &str = "omu-desk-keys";
/// Version 2 added re-keying (envelopes and pending slots); version 1 files read as is.
const VERSION: u32 = 2;
/// What the key is bound to in each sealed copy: unchanged since version 1, so slots
/// sealed then still open.
const SEAL_VERSION: u32 = 1;
const RECOVERY_NAME: &str = "recovery key";

/// The key the case file is encrypted with. Wiped from memory when dropped.
#[derive(Clone)]
pub struct CaseKey(Zeroizing<[u8; 32]>);

impl CaseKey {
    pub fn generate() -> CaseKey {
        let mut bytes = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(bytes.as_mut());
        CaseKey(bytes)
    }

    /// The value for `PRAGMA key`: a raw key, so SQLCipher skips its own key
    /// derivation (the passphrase was already stretched by Argon2id).
    pub(super) fn pragma_value(&self) -> Zeroizing<String> {
        Zeroizing::new(format!("x'{}'", hex::encode(self.0.as_ref())))
    }

    /// Tells keys apart without holding a copy of one.
    fn digest(&self) -> [u8; 32] {
        Sha256::digest(self.0.as_ref()).into()
    }
}

impl std::fmt::Debug for CaseKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CaseKey(hidden)")
    }
}

/// The recovery key shown once at set-up, to be printed and locked away: 32 letters
/// and digits in groups of four, easy to read aloud and type.
#[derive(Clone)]
pub struct RecoveryKey(Zeroizing<String>);

impl std::fmt::Debug for RecoveryKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RecoveryKey(hidden)")
    }
}

impl RecoveryKey {
    /// Letters and digits that cannot be mistaken for each other (no I, L, O, U, 0, 1).
    const ALPHABET: &'static [u8] = b"23456789ABCDEFGHJKMNPQRSTVWXYZ";

    fn generate() -> RecoveryKey {
        let mut text = String::new();
        let mut random = Zeroizing::new([0u8; 32]);
        OsRng.fill_bytes(random.as_mut());
        for (index, byte) in random.iter().enumerate() {
            if index > 0 && index % 4 == 0 {
                text.push('-');
            }
            // 256 is not a multiple of 30; the bias is under 1% per letter and the key
            // still carries over 150 bits.
            text.push(Self::ALPHABET[usize::from(*byte) % Self::ALPHABET.len()] as char);
        }
        RecoveryKey(Zeroizing::new(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The key as typed back: case, spaces and dashes ignored.
    fn normalise(typed: &str) -> Zeroizing<String> {
        Zeroizing::new(typed.chars().filter(char::is_ascii_alphanumeric).map(|c| c.to_ascii_uppercase()).collect())
    }
}

/// The case key sealed under one person's new passphrase, ready to go into the key
/// file. Making it is the slow part (the key derivation, tens of milliseconds), so the
/// app makes it away from the window's thread and then stores it in one quick step.
#[derive(Debug, Clone)]
pub struct SealedPassphrase {
    user: User,
    sealed: Sealed,
    /// Which case key was sealed (a digest, not the key): storing it for a file with
    /// another key is refused rather than locking the person out.
    key_digest: [u8; 32],
}

impl SealedPassphrase {
    /// Checks the name and passphrase and seals `key` for `user`.
    pub fn new(key: &CaseKey, user: &User, passphrase: &str) -> Result<Self> {
        let name = check_user_name(&user.name)?;
        check_new_passphrase(passphrase, passphrase, &name)?;
        let user = User { name, role: user.role };
        let sealed = seal(key, &user.name, user.role.code(), passphrase.as_bytes())?;
        Ok(Self { user, sealed, key_digest: key.digest() })
    }

    pub fn user(&self) -> &User {
        &self.user
    }

    /// True when this was sealed from `key`.
    pub fn seals(&self, key: &CaseKey) -> bool {
        self.key_digest == key.digest()
    }
}

/// One sealed copy of the case key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Sealed {
    name: String,
    role: String,
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
    salt: String,
    nonce: String,
    sealed_key: String,
    /// Sealed before the case file was re-keyed: it opens an older key, which the
    /// re-key envelopes turn into today's; sealed again at its owner's next sign-in.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pending_rekey: bool,
}

/// A newer case key sealed under an older one, left by a re-key for the users who
/// have not signed in since. Removed when every slot is sealed with today's key.
#[derive(Debug, Clone, Serialize, Deserialize)]
struct Envelope {
    /// Digest of the key that opens it.
    from: String,
    nonce: String,
    sealed_key: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct KeyFileContents {
    format: String,
    version: u32,
    users: Vec<Sealed>,
    recovery: Sealed,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    rekeyed: Vec<Envelope>,
}

/// The key file of one case file.
pub struct Keyring {
    path: PathBuf,
    contents: KeyFileContents,
}

/// Where a case file's key file is: beside it, named after it.
pub fn key_file_path(case_file: &Path) -> PathBuf {
    let mut name = case_file.as_os_str().to_os_string();
    name.push(".keys");
    PathBuf::from(name)
}

impl Keyring {
    /// True when the case file has a key file (it has been set up).
    pub fn exists(case_file: &Path) -> bool {
        key_file_path(case_file).exists()
    }

    /// Reads the key file of `case_file`.
    pub fn load(case_file: &Path) -> Result<Keyring> {
        Self::load_file(&key_file_path(case_file))
    }

    /// Reads the key file of `case_file`, after finishing (or throwing away) a re-key
    /// that was stopped part way.
    pub fn load_settled(case_file: &Path) -> Result<Keyring> {
        super::rekey::settle(case_file)?;
        Self::load(case_file)
    }

    /// Reads a key file by its own path (a backup's, for instance).
    pub fn load_file(path: &Path) -> Result<Keyring> {
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Err(Error::NoKeyFile { path: path.to_path_buf() });
            }
            Err(error) => return Err(error.into()),
        };
        let contents: KeyFileContents = serde_json::from_slice(&bytes)
            .map_err(|error| Error::Invalid(format!("the key file {} is damaged ({error})", path.display())))?;
        if contents.format != FORMAT || contents.version > VERSION {
            return Err(Error::Invalid(format!(
                "{} is not an OMU Desk key file this version can read",
                path.display()
            )));
        }
        Ok(Keyring { path: path.to_path_buf(), contents })
    }

    /// Sets up a new case file's keys: a random case key, sealed for the first
    /// administrator and under a new recovery key. Refuses to replace a key file.
    pub fn create(case_file: &Path, administrator: &str, passphrase: &str) -> Result<(Keyring, CaseKey, RecoveryKey)> {
        let path = key_file_path(case_file);
        if path.exists() {
            return Err(Error::Invalid(format!(
                "{} already exists: this case file has been set up; sign in instead",
                path.display()
            )));
        }
        let key = CaseKey::generate();
        let recovery = RecoveryKey::generate();
        let contents = KeyFileContents {
            format: FORMAT.into(),
            version: VERSION,
            users: vec![seal(&key, administrator, Role::Administrator.code(), passphrase.as_bytes())?],
            recovery: seal(&key, RECOVERY_NAME, RECOVERY_NAME, RecoveryKey::normalise(recovery.as_str()).as_bytes())?,
            rekeyed: Vec::new(),
        };
        let mut keyring = Keyring { path, contents };
        keyring.save()?;
        Ok((keyring, key, recovery))
    }

    /// Unseals the case key with a user's passphrase. A name not in the file and a
    /// wrong passphrase get the same answer, so the screen does not reveal who has access.
    pub fn unlock(&self, name: &str, passphrase: &str) -> Result<(CaseKey, User)> {
        let sealed = self.find(name).ok_or(Error::WrongPassphrase)?;
        let key = unseal(sealed, passphrase.as_bytes())?;
        let role = Role::from_code(&sealed.role).ok_or(Error::WrongPassphrase)?;
        Ok((key, User { name: sealed.name.clone(), role }))
    }

    /// Seals `user`'s slot again with today's key stretching if it was sealed with
    /// weaker settings. `key` and `passphrase` are what just opened it.
    pub fn strengthen(&mut self, user: &User, passphrase: &str, key: &CaseKey) -> Result<()> {
        let Some(slot) = self.contents.users.iter_mut().find(|sealed| same_user(&sealed.name, &user.name)) else {
            return Ok(());
        };
        if slot.memory_kib >= MEMORY_KIB && slot.iterations >= ITERATIONS {
            return Ok(());
        }
        *slot = seal(key, &slot.name, &slot.role, passphrase.as_bytes())?;
        self.save()
    }

    /// The key file after re-keying to `new_key`: `administrator`'s slot sealed with it
    /// under `passphrase`, a new recovery key, and every other user's slot left pending
    /// with an envelope from the key it opens (`old_key`) to the new one.
    pub(super) fn rekeyed(
        &self,
        old_key: &CaseKey,
        new_key: &CaseKey,
        administrator: &User,
        passphrase: &str,
    ) -> Result<(Keyring, RecoveryKey)> {
        let recovery = RecoveryKey::generate();
        let mut contents = self.contents.clone();
        for slot in &mut contents.users {
            if same_user(&slot.name, &administrator.name) {
                *slot = seal(new_key, &slot.name, &slot.role, passphrase.as_bytes())?;
            } else {
                slot.pending_rekey = true;
            }
        }
        contents.recovery =
            seal(new_key, RECOVERY_NAME, RECOVERY_NAME, RecoveryKey::normalise(recovery.as_str()).as_bytes())?;
        if contents.users.iter().any(|slot| slot.pending_rekey) {
            let cipher = XChaCha20Poly1305::new_from_slice(old_key.0.as_ref()).expect("32-byte key");
            let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
            let sealed_key = cipher
                .encrypt(&nonce, Payload { msg: new_key.0.as_ref(), aad: ENVELOPE_AAD })
                .map_err(|_| Error::Invalid("the new case key could not be sealed".into()))?;
            contents.rekeyed.push(Envelope {
                from: hex::encode(old_key.digest()),
                nonce: hex::encode(nonce),
                sealed_key: hex::encode(sealed_key),
            });
        }
        contents.version = VERSION;
        Ok((Keyring { path: self.path.clone(), contents }, recovery))
    }

    /// Follows the re-key envelopes from the key `user`'s slot opened to today's key,
    /// and if there were any, seals their slot with today's key under `passphrase`.
    /// Returns today's key.
    pub fn catch_up(&mut self, user: &User, passphrase: &str, opened: CaseKey) -> Result<CaseKey> {
        let mut key = opened;
        let mut followed = false;
        while let Some(envelope) =
            self.contents.rekeyed.iter().find(|envelope| envelope.from == hex::encode(key.digest()))
        {
            key = open_envelope(envelope, &key)?;
            followed = true;
        }
        if !followed {
            return Ok(key);
        }
        if let Some(slot) = self.contents.users.iter_mut().find(|sealed| same_user(&sealed.name, &user.name)) {
            *slot = seal(&key, &slot.name, &slot.role, passphrase.as_bytes())?;
        }
        self.save()?;
        Ok(key)
    }

    /// How many users have not signed in since the last re-key.
    pub fn pending_rekey(&self) -> usize {
        self.contents.users.iter().filter(|slot| slot.pending_rekey).count()
    }

    /// Writes the key file to `path` (the re-key's journal) rather than its own place.
    pub(super) fn save_as(&self, path: &Path) -> Result<()> {
        self.copy_to(path)
    }

    /// Unseals the case key with the recovery key.
    pub fn unlock_with_recovery(&self, typed: &str) -> Result<CaseKey> {
        unseal(&self.contents.recovery, RecoveryKey::normalise(typed).as_bytes())
    }

    /// The users who may sign in, in the order they were added.
    pub fn users(&self) -> Vec<User> {
        self.contents
            .users
            .iter()
            .filter_map(|sealed| Some(User { name: sealed.name.clone(), role: Role::from_code(&sealed.role)? }))
            .collect()
    }

    /// Adds a new user's sealed copy of the case key. The case file is not touched;
    /// the caller holds it open with the key that was sealed.
    pub fn add_user(&mut self, sealed: SealedPassphrase) -> Result<()> {
        if self.find(&sealed.user.name).is_some() {
            return Err(Error::Invalid(format!("{} can already sign in", sealed.user.name)));
        }
        self.contents.users.push(sealed.sealed);
        self.save()
    }

    /// Removes a user's sealed copy: their passphrase no longer opens this file.
    pub fn remove_user(&mut self, name: &str) -> Result<()> {
        let before = self.contents.users.len();
        self.contents.users.retain(|sealed| !same_user(&sealed.name, name));
        if self.contents.users.len() == before {
            return Err(Error::NotFound(format!("user {name}")));
        }
        self.save()
    }

    /// Stores a user's copy of the case key under a new passphrase (their own change,
    /// an administrator's reset, or a recovery), replacing any copy they had.
    pub fn set_passphrase(&mut self, sealed: SealedPassphrase) -> Result<()> {
        match self.contents.users.iter_mut().find(|existing| same_user(&existing.name, &sealed.user.name)) {
            Some(slot) => *slot = sealed.sealed,
            None => self.contents.users.push(sealed.sealed),
        }
        self.save()
    }

    /// Writes this key file's contents to another path (beside a backup).
    pub fn copy_to(&self, path: &Path) -> Result<()> {
        let bytes = serde_json::to_vec_pretty(&self.contents).map_err(|error| Error::Invalid(error.to_string()))?;
        super::write_file_atomically(path, &bytes)?;
        Ok(())
    }

    /// Writes the key file back. Once no slot waits for a re-key (each signed in,
    /// reset or removed), the envelopes that bridged it go, so an old key opens nothing.
    fn save(&mut self) -> Result<()> {
        if self.contents.users.iter().all(|slot| !slot.pending_rekey) {
            self.contents.rekeyed.clear();
        }
        self.copy_to(&self.path)
    }

    fn find(&self, name: &str) -> Option<&Sealed> {
        self.contents.users.iter().find(|sealed| same_user(&sealed.name, name))
    }
}

const ENVELOPE_AAD: &[u8] = b"omu-desk re-key envelope v1";

fn open_envelope(envelope: &Envelope, key: &CaseKey) -> Result<CaseKey> {
    let damaged = || Error::Invalid("the key file is damaged (a re-key envelope cannot be read)".into());
    let nonce = hex::decode(&envelope.nonce).map_err(|_| damaged())?;
    let ciphertext = hex::decode(&envelope.sealed_key).map_err(|_| damaged())?;
    if nonce.len() != 24 {
        return Err(damaged());
    }
    let cipher = XChaCha20Poly1305::new_from_slice(key.0.as_ref()).expect("32-byte key");
    let plain = cipher
        .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: ENVELOPE_AAD })
        .map_err(|_| damaged())?;
    case_key_from(plain).ok_or_else(damaged)
}

/// The case key in an opened seal, wiping the opened bytes either way.
fn case_key_from(mut plain: Vec<u8>) -> Option<CaseKey> {
    let key = (plain.len() == 32).then(|| {
        let mut bytes = Zeroizing::new([0u8; 32]);
        bytes.copy_from_slice(&plain);
        CaseKey(bytes)
    });
    plain.zeroize();
    key
}

fn associated_data(name: &str, role: &str) -> Vec<u8> {
    format!("omu-desk case key v{SEAL_VERSION}\u{0}{name}\u{0}{role}").into_bytes()
}

fn derive(
    secret: &[u8],
    salt: &[u8],
    memory_kib: u32,
    iterations: u32,
    parallelism: u32,
) -> Result<Zeroizing<[u8; 32]>> {
    let params = Params::new(memory_kib, iterations, parallelism, Some(32))
        .map_err(|error| Error::Invalid(format!("key file: unusable key derivation settings ({error})")))?;
    let mut out = Zeroizing::new([0u8; 32]);
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
        .hash_password_into(secret, salt, out.as_mut())
        .map_err(|error| Error::Invalid(format!("key derivation failed ({error})")))?;
    Ok(out)
}

fn seal(key: &CaseKey, name: &str, role: &str, secret: &[u8]) -> Result<Sealed> {
    let mut salt = [0u8; 16];
    OsRng.fill_bytes(&mut salt);
    let wrapping = derive(secret, &salt, MEMORY_KIB, ITERATIONS, PARALLELISM)?;
    let cipher = XChaCha20Poly1305::new_from_slice(wrapping.as_ref()).expect("32-byte key");
    let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
    let aad = associated_data(name, role);
    let sealed_key = cipher
        .encrypt(&nonce, Payload { msg: key.0.as_ref(), aad: &aad })
        .map_err(|_| Error::Invalid("the case key could not be sealed".into()))?;
    Ok(Sealed {
        name: name.to_string(),
        role: role.to_string(),
        memory_kib: MEMORY_KIB,
        iterations: ITERATIONS,
        parallelism: PARALLELISM,
        salt: hex::encode(salt),
        nonce: hex::encode(nonce),
        sealed_key: hex::encode(sealed_key),
        pending_rekey: false,
    })
}

fn unseal(sealed: &Sealed, secret: &[u8]) -> Result<CaseKey> {
    let damaged = || Error::Invalid("the key file is damaged (an entry cannot be read)".into());
    let salt = hex::decode(&sealed.salt).map_err(|_| damaged())?;
    let nonce = hex::decode(&sealed.nonce).map_err(|_| damaged())?;
    let ciphertext = hex::decode(&sealed.sealed_key).map_err(|_| damaged())?;
    if nonce.len() != 24 || salt.len() < 8 {
        return Err(damaged());
    }
    let wrapping = derive(secret, &salt, sealed.memory_kib, sealed.iterations, sealed.parallelism)?;
    let cipher = XChaCha20Poly1305::new_from_slice(wrapping.as_ref()).expect("32-byte key");
    let aad = associated_data(&sealed.name, &sealed.role);
    let plain = cipher
        .decrypt(XNonce::from_slice(&nonce), Payload { msg: &ciphertext, aad: &aad })
        .map_err(|_| Error::WrongPassphrase)?;
    case_key_from(plain).ok_or_else(damaged)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str, role: Role) -> User {
        User { name: name.into(), role }
    }

    #[test]
    fn each_user_unseals_the_same_key_and_a_wrong_passphrase_does_not() {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite3");
        let (mut keyring, key, recovery) = Keyring::create(&case_file, "Ann Admin", "river copper lantern").unwrap();
        keyring
            .add_user(SealedPassphrase::new(&key, &user("Gary Gate", Role::Gate), "gate house morning").unwrap())
            .unwrap();

        let reloaded = Keyring::load(&case_file).unwrap();
        let (ann_key, ann) = reloaded.unlock("ann admin", "river copper lantern").unwrap();
        assert_eq!(ann, user("Ann Admin", Role::Administrator));
        let (gary_key, gary) = reloaded.unlock("Gary Gate", "gate house morning").unwrap();
        assert_eq!(gary.role, Role::Gate);
        assert_eq!(ann_key.0.as_ref(), key.0.as_ref());
        assert_eq!(gary_key.0.as_ref(), key.0.as_ref());
        let typed = recovery.as_str().to_lowercase().replace('-', " ");
        assert_eq!(reloaded.unlock_with_recovery(&typed).unwrap().0.as_ref(), key.0.as_ref());

        assert!(matches!(reloaded.unlock("Ann Admin", "river copper lanterns"), Err(Error::WrongPassphrase)));
        assert!(matches!(reloaded.unlock("Nobody", "river copper lantern"), Err(Error::WrongPassphrase)));
        assert!(matches!(reloaded.unlock_with_recovery("AAAA-BBBB"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn a_re_key_bridges_only_the_slots_still_waiting_and_the_bridge_goes_with_the_last() {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite3");
        let (mut keyring, old_key, _) = Keyring::create(&case_file, "Ann Admin", "river copper lantern").unwrap();
        let ann = user("Ann Admin", Role::Administrator);
        let new_key = CaseKey::generate();
        let (alone, _) = keyring.rekeyed(&old_key, &new_key, &ann, "river copper lantern").unwrap();
        assert!(alone.contents.rekeyed.is_empty(), "nobody waits, so the old key opens no envelope");

        keyring
            .add_user(SealedPassphrase::new(&old_key, &user("Gary Gate", Role::Gate), "gate house morning").unwrap())
            .unwrap();
        let (mut bridged, _) = keyring.rekeyed(&old_key, &new_key, &ann, "river copper lantern").unwrap();
        assert_eq!(bridged.pending_rekey(), 1);
        assert_eq!(open_envelope(&bridged.contents.rekeyed[0], &old_key).unwrap().0.as_ref(), new_key.0.as_ref());
        bridged.remove_user("Gary Gate").unwrap();
        assert!(bridged.contents.rekeyed.is_empty(), "the last waiting slot removed: the bridge goes");
    }

    #[test]
    fn editing_a_role_in_the_file_breaks_that_entry() {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite3");
        let (mut keyring, key, _) = Keyring::create(&case_file, "Ann Admin", "river copper lantern").unwrap();
        keyring
            .add_user(SealedPassphrase::new(&key, &user("Gary Gate", Role::Gate), "gate house morning").unwrap())
            .unwrap();
        let path = key_file_path(&case_file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, text.replace("\"role\": \"gate\"", "\"role\": \"administrator\"")).unwrap();
        let tampered = Keyring::load(&case_file).unwrap();
        assert!(matches!(tampered.unlock("Gary Gate", "gate house morning"), Err(Error::WrongPassphrase)));
    }

    #[test]
    fn removing_and_re_keying_users_touch_only_the_key_file() {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite3");
        let (mut keyring, key, _) = Keyring::create(&case_file, "Ann Admin", "river copper lantern").unwrap();
        let gary = user("Gary Gate", Role::Gate);
        keyring.add_user(SealedPassphrase::new(&key, &gary, "gate house morning").unwrap()).unwrap();
        assert!(
            keyring.add_user(SealedPassphrase::new(&key, &gary, "another passphrase").unwrap()).is_err(),
            "no second entry for one person"
        );
        keyring.set_passphrase(SealedPassphrase::new(&key, &gary, "new gate passphrase").unwrap()).unwrap();
        assert!(keyring.unlock("Gary Gate", "gate house morning").is_err());
        assert!(keyring.unlock("Gary Gate", "new gate passphrase").is_ok());
        keyring.remove_user("gary gate").unwrap();
        assert!(Keyring::load(&case_file).unwrap().unlock("Gary Gate", "new gate passphrase").is_err());
        assert_eq!(Keyring::load(&case_file).unwrap().users(), vec![user("Ann Admin", Role::Administrator)]);
    }

    #[test]
    fn a_key_file_is_never_replaced_and_a_damaged_one_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let case_file = dir.path().join("case.sqlite3");
        assert!(matches!(Keyring::load(&case_file), Err(Error::NoKeyFile { .. })));
        Keyring::create(&case_file, "Ann Admin", "river copper lantern").unwrap();
        assert!(Keyring::create(&case_file, "Someone Else", "another passphrase").is_err());
        std::fs::write(key_file_path(&case_file), b"{ not json").unwrap();
        let error = Keyring::load(&case_file).err().unwrap().to_string();
        assert!(error.contains("damaged"), "{error}");
    }

    #[test]
    fn recovery_keys_are_grouped_and_readable() {
        let key = RecoveryKey::generate();
        let groups: Vec<&str> = key.as_str().split('-').collect();
        assert_eq!(groups.len(), 8);
        assert!(groups.iter().all(|group| group.len() == 4));
        assert!(!key.as_str().contains(['0', '1', 'I', 'L', 'O', 'U']));
    }
}
