"""Pure normalisers: strings and explicit context in, values out; they never raise on any string."""
