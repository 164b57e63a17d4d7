const session = require('express-session');

app.use(session({
  secret: 'TLybcQWuNndQfVwuN2GJIl686ULCv2Mq',
  resave: false,
  saveUninitialized: true,
}));

app.use(session({ secret: process.env.SESSION_SECRET, resave: false }));
