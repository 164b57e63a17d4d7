import { createClient } from '@supabase/supabase-js'

const supabaseKey = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJzdXBhYmFzZSIsInJlZiI6InhqdnZhMXdtY3NucGxqd21iY2k5Iiwicm9sZSI6ImFub24iLCJpYXQiOjE3MTIwMDAwMDAsImV4cCI6MjAyNzU3NjAwMH0.gQ_a03dmPZOYCmvlVTQB9zLY0yKK5APbEAbnkWKd_lM"
export const supabase = createClient("https://xjvva1wmcsnpljwmbci9.supabase.co", supabaseKey)
