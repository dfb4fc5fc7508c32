package policies

import (
	"fmt"
	"net/url"
)

// CheckPublicURL checks the address people open Policyflow at (PUBLIC_URL):
// an http or https URL with a host, under which every absolute link is made
// (documents, feeds, emails), never under the Host a request names.
func CheckPublicURL(v string) error {
	if v == "" {
		return fmt.Errorf("PUBLIC_URL is not set: give the address people open Policyflow at, e.g. https://policyflow.example.go.id (links in documents, feeds and emails are made from it)")
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return fmt.Errorf("PUBLIC_URL=%q: give the address people open Policyflow at, e.g. https://policyflow.example.go.id", v)
	}
	return nil
}
