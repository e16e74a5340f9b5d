// diff-match-patch's npm package ends by assigning module.exports; in a plain page there is no
// `module`, so one is lent for it here and taken back by check.js once the library has loaded.
window.module = { exports: {} };
