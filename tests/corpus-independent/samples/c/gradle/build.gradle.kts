repositories {
    maven {
        url = uri("https://artifacts.example.com/libs-release")
        credentials {
            username = "reader"
            password = "k0tlin-7rXqOWWV"
        }
    }
}
