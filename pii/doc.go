// Package pii protects personal data (Law 91/2025/QH15, Decree
// 356/2025/NĐ-CP: health data is sensitive and is encrypted at rest and in
// Temporal history). It holds a Keyring of AES-256 keys, each with an ID,
// one of them active; seals values with AES-256-GCM under the active key
// and opens them under whichever key sealed them, so keys rotate without a
// flag day; and computes blind indexes, so a record can be found by phone
// or ID number without decrypting every row.
//
// A sealed value is the string
//
//	v1:<key ID>:<base64url(nonce | ciphertext | tag)>
//
// The version and key ID are in clear so that rotation can find, with a
// plain SQL prefix comparison (SealedPrefix), the rows still under an old
// key, and both are bound into the GCM associated data together with the
// caller's AAD: a value moved to another row or column, relabelled to
// another key, or altered in any byte fails to open.
//
// The package does no I/O beyond reading a key file it is given
// (ReadKeyFile); writing key files is the command line's business.
// Errors name keys by ID and never carry plaintext, ciphertext or secrets.
package pii
