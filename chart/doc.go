// Package chart draws small SVG charts for the pages, as markup built with
// every user string escaped: nothing a user wrote becomes markup.
package chart
