// Package wordfile reads a drafter's uploaded Word (.docx) or text file
// into Markdown for review (through package docx), refusing a file in the
// drafter's terms as an error on the form's field "file", and names an
// uploaded file as a change summary may quote it. Converting saves nothing.
package wordfile
