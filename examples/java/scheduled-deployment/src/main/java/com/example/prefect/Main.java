package com.example.prefect;

import com.hashicorp.cdktf.App;

public final class Main {
    public static void main(final String[] args) {
        final App app = new App();
        new ScheduledDeploymentStack(app, "scheduled-deployment");
        app.synth();
    }
}
