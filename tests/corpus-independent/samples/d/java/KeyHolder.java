package com.example.crypto;

final class KeyHolder {
    static final String PRIVATE_KEY =
        "-----BEGIN PRIVATE KEY-----\n" +
        "MIIEvwIBADANBgkqhkiG9w0BAQEFAASCBKkwggSlAgEAAoIBAQC4daQk7/ThsCAo\n" +
        "YLW2zHzohVY8Ifephq8fEywFdLzgR2P2jXzMVl4QA+NdHB7dlmbzmlwk0zh71z6J\n" +
        "ogY8f4Lp5sP1YZG8CbOmegE+Dz3jXUkdPjYLWT+ulNCm80BGOq1wADp6nL2YpCV9\n" +
        "osfpCZaD+ooDzEW8lOj2+ddKSiFOEPFIUzbtOZbs2GRJ4AiAztVxPPeBrDt+QNZH\n" +
        "+6N9DVeMThOHB51XO7NYcRJC4uSbNLXs42kZhQejFL8em64qiAa2uYa2jKFusZZR\n" +
        "EVZdwWH5iS6NbappMx4HsoZTXTqU5AlgoGpQe1IiKGx06Frknl0Oh7YP0qBYfPGG\n" +
        "QY7RAOiTAgMBAAECggEAKLrZNsrBUMA6KZBJL4bxoconY3nAnO8/ZeYu1zmSpxc8\n" +
        "bGmLf/cmJ/Uj1CBsdFNMgke4Ru1Y0IeTqIJdTCh/uLQa2ujjbBjcUUspURG+gaDM\n" +
        "jyd4eYMIe70iYWre62LzfwKd5wsLFlRQbvBtofhbAuNkbDhDwcNDuZ0rO50ow3q7\n" +
        "w8afKGksbm54F5zpVFCQOyeN0dXZxdqmnKzGlTOLam9sbpQzOh8fJgwbKyvzDIT4\n" +
        "sqK++HuyA/14i5WLYUaypNQHwnSM8FpPNiZGZyGo7rdeEZi4yB3hjRU1XZ+XatJF\n" +
        "DouOB7DMvlh0RNVhDw1MKlFlFda83APm8VjySrZIiQKBgQDwwm8NKo8pVZvO/j6Y\n" +
        "AVjbzBF2hYqG8ZtS+RkoCX0buulPhmwrCpXgGMDFzG0skXtYFvjMyMyFhZNHs5c+\n" +
        "qCJeLx65uLWViQdvDbcP/QUNfN57/avIlGZNZjM4iYgKvmGXIMDmQpDvr6XR4eTz\n" +
        "lHaq2KleRdzsm5fcwZK8+fUQZwKBgQDEItpLABli0v9CKoOLHkDOLzsW9WE0HwdD\n" +
        "PrDkG/CZ025Nnf0no7twMkZUFRtMb4zxFL7VXQD+zciSsiZCs84xdoV5Jb6Szpd/\n" +
        "XyLJne0aDGWwwfwKwJp5OPNK+oSWhje5Oi8By2JoQ9JA5VDj3VrRZ9okpDGN+RCM\n" +
        "LNRCYCxa9QKBgQDZlR5/q6LOHEw/eY5gGXeQzJBLqMxUwC07g1u0zz59vSH1eOpw\n" +
        "y5Q/fp9ZIzLXQHNUXQ5lJGORl/JOroNVYOYOcE84UTHp/nj1aFO041mZouv+6nZB\n" +
        "Q7xg3qgTxFdqPjw8NKGgdzA9LWSSlbAwYlAMftoyFLlgLA3GuDpBBzTuqQKBgQCj\n" +
        "GJxPW7DAddZfTfz+1VRsX+gSClAfSGIAsAPmW7lyINgLYQIfUU7PWG8VAkwl/mjE\n" +
        "HE0oHWNzful32v5n3x7qELWi7RkQ+QwPlavW3iVI0OBK4LRWuJx7izj8s19H0CpM\n" +
        "M67dHiQhsawH3Oir4ujfUy2Z5JN0jJUPC0QiQdkAdQKBgQCnIENfeZ5Uqeqfth6C\n" +
        "MMI1T61qDm66LFPtOo0nknv57BipR/SlPqv+e+vpLy5B78KH1P+ucr3qtiiqfnI/\n" +
        "z4Uq/OXNa+ZsvX6pnvj1ns6lFjgj0QBaCuQBwxYCvVgRytHYKJCxbmBnxR5mHtj3\n" +
        "su3Kdfvwm5GIyZ2ak/YoUJ3ITw==\n" +
        "-----END PRIVATE KEY-----\n";
}
