// Package atom writes Atom feeds (RFC 4287) with encoding/xml: a feed with
// its id, title, updated time, author and self link, and entries each with
// an id, title, updated time, an alternate link and a text summary.
package atom

import (
	"encoding/xml"
	"time"
)

// NS is the Atom namespace.
const NS = "http://www.w3.org/2005/Atom"

// Feed is an atom:feed.
type Feed struct {
	XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string   `xml:"id"`
	Title   string   `xml:"title"`
	Updated string   `xml:"updated"`
	Author  Person   `xml:"author"`
	Links   []Link   `xml:"link"`
	Entries []Entry  `xml:"entry"`
}

// Person is an atom:author.
type Person struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

// Link is an atom:link.
type Link struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

// Entry is an atom:entry.
type Entry struct {
	ID      string `xml:"id"`
	Title   string `xml:"title"`
	Updated string `xml:"updated"`
	Links   []Link `xml:"link"`
	Summary string `xml:"summary,omitempty"`
}

// Time is a date-time as Atom writes it (RFC 3339, 3.3), in UTC.
func Time(t time.Time) string { return t.UTC().Format(time.RFC3339) }

// Bytes is the feed as an XML document.
func (f Feed) Bytes() ([]byte, error) {
	b, err := xml.MarshalIndent(f, "", " ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(b, '\n')...), nil
}
