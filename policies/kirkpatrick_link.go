package policies

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"strings"
)

// A Kirkpatrick survey link (level 1, the participant's reaction; level 3,
// the supervisor's view of the participant's behaviour) is answered once,
// without an account. Its token is a random part and its HMAC-SHA256 under
// the reaction key (UNSUBSCRIBE_KEY, the same for server and worker), so a
// guessed token is refused before any lookup; the record keeps only the
// SHA-256 of the whole token, which stays the authority.

// SurveyPurpose names what a link answers; it is part of the signature, so a
// reaction token never opens a behaviour survey.
type SurveyPurpose string

// The link purposes.
const (
	PurposeReaction  SurveyPurpose = "kirkpatrick-reaction"
	PurposeBehaviour SurveyPurpose = "kirkpatrick-behaviour"
)

// SignLinkToken makes a link token from a random part (a server with no
// key configured signs with the empty key).
func SignLinkToken(key []byte, purpose SurveyPurpose, random string) string {
	return random + "." + linkMAC(key, purpose, random)
}

// CheckLinkToken says whether a token was signed with key for purpose.
func CheckLinkToken(key []byte, purpose SurveyPurpose, token string) bool {
	random, mac, ok := strings.Cut(token, ".")
	if !ok || random == "" {
		return false
	}
	return hmac.Equal([]byte(mac), []byte(linkMAC(key, purpose, random)))
}

// DerivedLinkToken is the token of a link the workflow issues for a
// participant: its random part is itself an HMAC of the participant under
// the key, so a retried activity issues the same link, and the unit's
// officer can be shown it again to hand out while the record keeps only
// its hash. Without the key no one can make it.
func DerivedLinkToken(key []byte, purpose SurveyPurpose, participantID int64) string {
	return SignLinkToken(key, purpose, linkMAC(key, purpose+"-participant", strconv.FormatInt(participantID, 10)))
}

// HashLinkToken is the hex SHA-256 the record keeps of a token.
func HashLinkToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

func linkMAC(key []byte, purpose SurveyPurpose, random string) string {
	m := hmac.New(sha256.New, key)
	m.Write([]byte(string(purpose) + "\x00" + random))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}
