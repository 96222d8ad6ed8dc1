/* surat-bench-ui.c — the app with 100 000 messages: first frame, scrolling, search, memory
 *
 * Copyright 2026 The Surat authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Run by hand under a display (tests/bench/bench-ui does it under
 * tools/with-display). With --generate it first fills PROFILE with an
 * index of N messages (realistic senders, subjects, previews and body
 * text for search; the Maildir files are not needed to list or search).
 * Then it starts the real SuratApplication on PROFILE and prints:
 *   first frame  from main() to the first frame the window painted with
 *                its list filled
 *   scrolling    frame times while the list scrolls from top to bottom
 *   search       ms per query typed into the search (common and rare words)
 *   memory       VmRSS and VmHWM at the end
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "surat-window.h"

static gint64 started;
static guint max_frames = 3000;
static gboolean skip_search;

static const char *names[] = {
  "Ana Lima", "Budi Santoso", "Citra Dewi", "Dimas Pratama", "Eka Putri", "Fajar Nugroho",
  "Gita Lestari", "Hadi Wijaya", "Indah Sari", "Joko Susilo", "Kartika Ayu", "Lukman Hakim",
  "Maria Gonzalez", "Noor Aziz", "Olga Petrova", "Pierre Martin", "Qiu Ying", "Rahul Sharma",
  "Sofia Rossi", "Takeshi Yamamoto", "Umar Farouk", "Vera Novak", "Wei Zhang", "Yusuf Demir",
};
static const char *topics[] = {
  "Laporan bulanan", "Invoice", "Meeting notes", "Rapat koordinasi", "Quarterly report",
  "Project timeline", "Jadwal pengiriman", "Contract draft", "Holiday schedule", "Pembayaran",
  "Welcome aboard", "Server maintenance", "Photos from the trip", "Budget review",
  "Customer feedback", "Pesanan baru", "Training materials", "Travel booking", "Minutes",
};
static const char *words[] = {
  "please", "find", "attached", "the", "report", "for", "this", "month", "terima", "kasih",
  "atas", "kerja", "sama", "schedule", "meeting", "next", "week", "budget", "approved",
  "invoice", "payment", "due", "customer", "order", "shipping", "delivery", "update",
  "server", "backup", "completed", "review", "draft", "contract", "signed", "proposal",
  "kantor", "jakarta", "surabaya", "bandung", "pengiriman", "barang", "gudang", "stok",
};

static void
generate (const char *profile,
          guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data = g_build_filename (profile, "data", "surat", NULL);
  g_autofree char *path = g_build_filename (data, "index.db", NULL);
  g_autoptr(SuratIndex) index = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GTimer) timer = g_timer_new ();
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_mkdir_with_parents (data, 0700);
  index = surat_index_open (path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(SuratMessageSummary) s = surat_message_summary_new ();
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *file = g_strdup_printf ("cur/%u.M0P0Q%u.bench:2,%s", 1600000000 + i, i,
                                               g_rand_int_range (rand, 0, 10) ? "S" : "");
      g_autofree char *from = NULL;
      g_autofree char *subject = NULL;
      const char *name = names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))];

      if (i % 1000 == 0)
        {
          if (i > 0 && !surat_index_commit (index, &error))
            g_error ("%s", error->message);
          surat_index_begin (index, NULL);
        }

      for (guint w = 0; w < 120; w++)
        g_string_append_printf (body, "%s ", words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
      from = g_strdup_printf ("%s <%c%u@example.org>", name, g_ascii_tolower (name[0]), i % 97);
      subject = g_strdup_printf ("%s #%u", topics[g_rand_int_range (rand, 0, G_N_ELEMENTS (topics))],
                                 i);

      surat_message_summary_set_account_id (s, "bench");
      surat_message_summary_set_folder (s, SURAT_FOLDER_INBOX);
      surat_message_summary_set_file (s, file);
      surat_message_summary_set_date (s, now - (gint64) (n - i) * 600);
      surat_message_summary_set_from (s, from);
      surat_message_summary_set_to (s, "bench@example.org");
      surat_message_summary_set_subject (s, subject);
      surat_message_summary_set_size (s, 4000 + g_rand_int_range (rand, 0, 40000));
      surat_message_summary_set_seen (s, strstr (file, ":2,S") != NULL);
      surat_message_summary_set_has_attachments (s, g_rand_int_range (rand, 0, 5) == 0);
      g_string_truncate (body, MIN (body->len, 400));
      surat_message_summary_set_preview (s, body->str);
      if (surat_index_add_message (index, s, body->str, &error) < 0)
        g_error ("%s", error->message);
    }
  if (!surat_index_commit (index, &error))
    g_error ("%s", error->message);

  printf ("generated %u messages in %.1f s\n", n, g_timer_elapsed (timer, NULL));
}

typedef struct {
  SuratApplication *app;
  SuratWindow      *window;
  GtkScrolledWindow *scroller;
  GArray           *frame_times;   /* gint64 µs between frames while scrolling */
  gint64            last_frame;
  gboolean          first_frame_seen;
  gboolean          scrolling;
  double            target;
  gboolean          done;
} Bench;

static long
status_kb (const char *key)
{
  g_autofree char *text = NULL;
  const char *p;

  if (!g_file_get_contents ("/proc/self/status", &text, NULL, NULL) || (p = strstr (text, key)) == NULL)
    return -1;
  return strtol (p + strlen (key) + 1, NULL, 10);
}

static GtkScrolledWindow *
find_scroller (GtkWidget *root)
{
  if (GTK_IS_SCROLLED_WINDOW (root) && GTK_IS_LIST_VIEW (gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (root))))
    return GTK_SCROLLED_WINDOW (root);
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkScrolledWindow *found = find_scroller (c);
      if (found)
        return found;
    }
  return NULL;
}

static void
report_search (Bench *b)
{
  SuratMessageList *model = surat_mailbox_view_get_model (surat_window_get_mailbox (b->window));
  const char *queries[] = { "laporan", "invoice", "jakarta", "meeting notes", "Takeshi", "zzzz", "a", "pengiriman barang" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      gint64 t0 = g_get_monotonic_time ();

      surat_message_list_set_query (model, "bench", SURAT_FOLDER_INBOX, queries[i]);
      printf ("search %-20s %7.1f ms  %6u found\n", queries[i],
              (g_get_monotonic_time () - t0) / 1000.0, g_list_model_get_n_items (G_LIST_MODEL (model)));
    }
  surat_message_list_set_query (model, "bench", SURAT_FOLDER_INBOX, NULL);
}

static void
frame_cb (GdkFrameClock *clock,
          Bench         *b)
{
  gint64 now = g_get_monotonic_time ();
  SuratMessageList *model = surat_mailbox_view_get_model (surat_window_get_mailbox (b->window));

  if (!b->first_frame_seen && model != NULL && g_list_model_get_n_items (G_LIST_MODEL (model)) > 0)
    {
      b->first_frame_seen = TRUE;
      printf ("first frame %7.0f ms after main() with %u messages listed\n",
              (now - started) / 1000.0, g_list_model_get_n_items (G_LIST_MODEL (model)));
      printf ("memory      %7ld kB VmRSS at the first frame\n", status_kb ("VmRSS:"));
      b->scroller = find_scroller (GTK_WIDGET (b->window));
      b->scrolling = TRUE;
      b->last_frame = now;
      return;
    }

  if (b->scrolling)
    {
      GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (b->scroller);
      double step = gtk_adjustment_get_page_size (adj) / 2;

      g_array_append_val (b->frame_times, (gint64) { now - b->last_frame });
      b->last_frame = now;
      if (gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) >= gtk_adjustment_get_upper (adj) - 1 ||
          b->frame_times->len >= max_frames)
        {
          b->scrolling = FALSE;
          b->done = TRUE;
          return;
        }
      /* A page per frame, 60 pages a second: faster than a fling, yet every
       * row on screen is new in every frame. */
      gtk_adjustment_set_value (adj, gtk_adjustment_get_value (adj) + step * 2);
    }
}

static int
compare_gint64 (gconstpointer a,
                gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return (x > y) - (x < y);
}

static void
activate_cb (SuratApplication *app,
             Bench            *b)
{
  b->window = SURAT_WINDOW (gtk_application_get_windows (GTK_APPLICATION (app))->data);
  g_signal_connect (gtk_widget_get_frame_clock (GTK_WIDGET (b->window)), "after-paint",
                    G_CALLBACK (frame_cb), b);
}

int
main (int    argc,
      char **argv)
{
  g_autofree char *profile = NULL;
  int generate_n = 0;
  GOptionEntry entries[] = {
    { "profile", 'p', 0, G_OPTION_ARG_FILENAME, &profile, "Profile directory", "DIR" },
    { "generate", 'g', 0, G_OPTION_ARG_INT, &generate_n, "First fill the profile with N messages", "N" },
    { "frames", 'f', 0, G_OPTION_ARG_INT, &max_frames, "Scroll for at most N frames", "N" },
    { "skip-search", 's', 0, G_OPTION_ARG_NONE, &skip_search, "Do not measure searching", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— Surat with a huge inbox");
  g_autoptr(GError) error = NULL;
  g_autofree char *config = NULL;
  g_autofree char *accounts = NULL;
  Bench b = { 0 };
  guint frames_over = 0;
  double mean = 0;

  started = g_get_monotonic_time ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || profile == NULL)
    {
      g_printerr ("surat-bench-ui: %s\n", error ? error->message : "--profile DIR is needed");
      return 2;
    }

  surat_core_init ();
  g_setenv ("XDG_DATA_HOME", g_build_filename (profile, "data", NULL), TRUE);
  g_setenv ("XDG_CONFIG_HOME", (config = g_build_filename (profile, "config", NULL)), TRUE);
  if (generate_n > 0)
    {
      generate (profile, (guint) generate_n);
      return 0;
    }

  /* An account without a POP3 server: the app lists, it does not fetch. */
  accounts = g_build_filename (config, "surat", "accounts.ini", NULL);
  g_mkdir_with_parents (g_build_filename (config, "surat", NULL), 0700);
  g_file_set_contents (accounts, "[account bench]\naddress=bench@example.org\nsmtp-host=localhost\n", -1, NULL);

  b.frame_times = g_array_new (FALSE, FALSE, sizeof (gint64));
  b.app = g_object_new (SURAT_TYPE_APPLICATION, "application-id", APPLICATION_ID,
                        "flags", G_APPLICATION_NON_UNIQUE,
                        "resource-base-path", "/io/github/surat/Surat", NULL);
  g_signal_connect_after (b.app, "activate", G_CALLBACK (activate_cb), &b);
  g_application_register (G_APPLICATION (b.app), NULL, NULL);
  g_application_activate (G_APPLICATION (b.app));

  while (!b.done)
    g_main_context_iteration (NULL, TRUE);

  g_array_sort (b.frame_times, compare_gint64);
  for (guint i = 0; i < b.frame_times->len; i++)
    {
      gint64 t = g_array_index (b.frame_times, gint64, i);
      mean += t;
      frames_over += t > 25000;
    }
  mean /= MAX (1, b.frame_times->len);
  printf ("scrolling   %u frames to the bottom: mean %.1f ms, median %.1f ms, 95th %.1f ms, "
          "max %.1f ms, %u over 25 ms\n",
          b.frame_times->len, mean / 1000,
          g_array_index (b.frame_times, gint64, b.frame_times->len / 2) / 1000.0,
          g_array_index (b.frame_times, gint64, b.frame_times->len * 95 / 100) / 1000.0,
          g_array_index (b.frame_times, gint64, b.frame_times->len - 1) / 1000.0, frames_over);
  if (!skip_search)
    report_search (&b);
  printf ("memory      %7ld kB VmRSS, %ld kB VmHWM at the end\n", status_kb ("VmRSS:"), status_kb ("VmHWM:"));
  return 0;
}
