const axios = require('axios');

const password = 'hunter2';

async function report() {
  return axios.get('https://reports.example.com/daily', {
    auth: { username: 'reporter', password: 'Fall2023$' },
  });
}

function headers(token) {
  return { Authorization: 'Bearer ' + token };
}

const dbPassword = process.env.DB_PASSWORD;
