// Package apidoc holds the test that every exported name of meso's public
// packages has a doc comment, which staticcheck's checks of doc comments'
// form (ST1000, ST1020-ST1022) do not catch when the comment is missing.
package apidoc
