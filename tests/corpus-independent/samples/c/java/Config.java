package com.example.billing;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.sql.Connection;
import java.sql.DriverManager;

public final class Config {
    private static final String DB_PASSWORD = "p4ssw0rd!";
    private static final String JDBC_URL = "jdbc:postgresql://db:5432/billing?user=billing&password=BillMUZPrQnSYB";

    static Connection open() throws Exception {
        return DriverManager.getConnection("jdbc:mysql://mysql:3306/billing", "sa", "Tr1ckyPa55");
    }

    static void proxyAuth() {
        Authenticator.setDefault(new Authenticator() {
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication("proxyuser", "Pr0xy!pass".toCharArray());
            }
        });
    }

    static String fromEnv() {
        String password = System.getenv("DB_PASSWORD");
        if (password == null || password.isEmpty()) {
            throw new IllegalStateException("DB_PASSWORD not set");
        }
        return password;
    }
}
