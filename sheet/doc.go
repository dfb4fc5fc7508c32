// Package sheet writes the CSV files people download and open in a
// spreadsheet (UTF-8, comma-separated, quoted where needed), every text
// cell guarded so that a spreadsheet cannot run it as a formula.
package sheet
