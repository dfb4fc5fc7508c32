// Package jdih is the feed of enacted produk hukum that a region's JDIH
// harvests: each product in the fields of the JDIHN integration (Permenkumham
// 8/2019), every one a string, URLs absolute. The server reads the products
// (policies.JDIHStore) and answers the feed; this package words each item.
package jdih
